"""A light LaTeX → Markdown conversion for imported statements (problemtools' problem.tex).

Not a LaTeX engine: it turns the structure Kattis statements use (``\\problemname``, the
``Input``/``Output`` sections, itemize, emphasis) into Markdown and leaves math as ``$...$``,
which the web UI renders. The original .tex is kept beside the package (``kattis/``).
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, str], ...] = (
    (r"\\problemname\{([^}]*)\}", r"# \1"),
    (r"\\begin\{(Input|Output|Interaction)\}", r"## \1"),
    (r"\\section\*?\{([^}]*)\}", r"## \1"),
    (r"\\subsection\*?\{([^}]*)\}", r"### \1"),
    (r"\\(?:emph|textit)\{([^}]*)\}", r"*\1*"),
    (r"\\textbf\{([^}]*)\}", r"**\1**"),
    (r"\\texttt\{([^}]*)\}", r"`\1`"),
    (r"\\url\{([^}]*)\}", r"<\1>"),
    (r"^\s*\\item\s*", "- "),
    (r"\\(?:begin|end)\{[^}]*\}(\{[^}]*\})*", ""),
    (r"\\illustration\{[^}]*\}\{[^}]*\}\{[^}]*\}", ""),
    (r"(?<!\\)%.*$", ""),
    (r"\\\\", "\n"),
    (r"``|''", '"'),
)


def tex_to_markdown(tex: str) -> str:
    text = tex
    for pattern, replacement in _RULES:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return (text or "(No statement.)") + "\n"
