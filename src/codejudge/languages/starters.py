"""Starter code per language from a function problem's signature: LeetCode's editor templates,
with the ListNode/TreeNode definitions as the comment LeetCode shows above them."""

from __future__ import annotations

from codejudge.languages import types
from codejudge.languages.types import ALL_TYPES, Type, parse, rust_function, snake_case
from codejudge.models import Signature

__all__ = ["ALL_TYPES", "c", "cpp", "go", "java", "javascript", "python", "rust", "typescript"]

_NODE_DOCS = {
    "python": {
        "ListNode": "# class ListNode:\n#     def __init__(self, val=0, next=None):\n"
        "#         self.val = val\n#         self.next = next\n",
        "TreeNode": "# class TreeNode:\n#     def __init__(self, val=0, left=None, right=None):\n"
        "#         self.val = val\n#         self.left = left\n#         self.right = right\n",
    },
    "cpp": {
        "ListNode": "/**\n * struct ListNode {\n *     int val;\n *     ListNode *next;\n"
        " *     ListNode(int x) : val(x), next(nullptr) {}\n * };\n */\n",
        "TreeNode": "/**\n * struct TreeNode {\n *     int val;\n *     TreeNode *left;\n"
        " *     TreeNode *right;\n * };\n */\n",
    },
    "java": {
        "ListNode": "/**\n * public class ListNode {\n *     int val;\n *     ListNode next;\n"
        " * }\n */\n",
        "TreeNode": "/**\n * public class TreeNode {\n *     int val;\n *     TreeNode left;\n"
        " *     TreeNode right;\n * }\n */\n",
    },
    "go": {
        "ListNode": "/**\n * type ListNode struct {\n *     Val int\n"
        " *     Next *ListNode\n * }\n */\n",
        "TreeNode": "/**\n * type TreeNode struct {\n *     Val int\n *     Left *TreeNode\n"
        " *     Right *TreeNode\n * }\n */\n",
    },
    "rust": {
        "ListNode": "// pub struct ListNode { pub val: i32, pub next: Option<Box<ListNode>> }\n",
        "TreeNode": "// pub struct TreeNode {\n//   pub val: i32,\n"
        "//   pub left: Option<Rc<RefCell<TreeNode>>>,\n"
        "//   pub right: Option<Rc<RefCell<TreeNode>>>,\n// }\nuse std::rc::Rc;\n"
        "use std::cell::RefCell;\n",
    },
    "js": {
        "ListNode": "/**\n * function ListNode(val, next) {\n"
        " *     this.val = val; this.next = next;\n * }\n */\n",
        "TreeNode": "/**\n * function TreeNode(val, left, right) {\n"
        " *     this.val = val; this.left = left; this.right = right;\n * }\n */\n",
    },
    "c": {
        "ListNode": "/**\n * struct ListNode {\n *     int val;\n *     struct ListNode *next;\n"
        " * };\n */\n",
        "TreeNode": "/**\n * struct TreeNode {\n *     int val;\n *     struct TreeNode *left;\n"
        " *     struct TreeNode *right;\n * };\n */\n",
    },
}


def _all_types(signature: Signature) -> list[Type]:
    found = [parse(p.type) for p in signature.params]
    if signature.returns != "void":
        found.append(parse(signature.returns))
    return found


def _docs(signature: Signature, style: str) -> str:
    used = {t.base for t in _all_types(signature)}
    return "".join(doc for name, doc in _NODE_DOCS[style].items() if name in used)


def _returns(signature: Signature, render: object, void: str) -> str:
    if signature.returns == "void":
        return void
    return render(parse(signature.returns))  # type: ignore[operator, no-any-return]


def python(signature: Signature) -> str:
    params = ", ".join(f"{p.name}: {types.python(parse(p.type))}" for p in signature.params)
    returns = _returns(signature, types.python, "None")
    return (
        f"{_docs(signature, 'python')}class {signature.class_name}:\n"
        f"    def {signature.function}(self, {params}) -> {returns}:\n        \n"
    ).replace("(self, )", "(self)")


def cpp(signature: Signature) -> str:
    def param(name: str, t: Type) -> str:
        rendered = types.cpp(t)
        return f"{rendered}& {name}" if t.depth else f"{rendered} {name}"

    params = ", ".join(param(p.name, parse(p.type)) for p in signature.params)
    returns = _returns(signature, types.cpp, "void")
    return (
        f"{_docs(signature, 'cpp')}class {signature.class_name} {{\npublic:\n"
        f"    {returns} {signature.function}({params}) {{\n        \n    }}\n}};\n"
    )


def java(signature: Signature) -> str:
    params = ", ".join(f"{types.java(parse(p.type))} {p.name}" for p in signature.params)
    returns = _returns(signature, types.java, "void")
    return (
        f"{_docs(signature, 'java')}class {signature.class_name} {{\n"
        f"    public {returns} {signature.function}({params}) {{\n        \n    }}\n}}\n"
    )


def go(signature: Signature) -> str:
    params = ", ".join(f"{p.name} {types.go(parse(p.type))}" for p in signature.params)
    returns = _returns(signature, types.go, "")
    returns = f" {returns}" if returns else ""
    return f"{_docs(signature, 'go')}func {signature.function}({params}){returns} {{\n    \n}}\n"


def rust(signature: Signature) -> str:
    def param(name: str, t: Type) -> str:
        mutable = "&mut " if name == signature.inplace else ""
        return f"{snake_case(name)}: {mutable}{types.rust(t)}"

    params = ", ".join(param(p.name, parse(p.type)) for p in signature.params)
    returns = _returns(signature, types.rust, "")
    returns = f" -> {returns}" if returns else ""
    name = rust_function(signature.function)
    return (
        f"{_docs(signature, 'rust')}impl {signature.class_name} {{\n"
        f"    pub fn {name}({params}){returns} {{\n        \n    }}\n}}\n"
    )


def _jsdoc(signature: Signature) -> str:
    lines = [f" * @param {{{types.typescript(parse(p.type))}}} {p.name}" for p in signature.params]
    returns = _returns(signature, types.typescript, "void")
    return "/**\n" + "\n".join([*lines, f" * @return {{{returns}}}"]) + "\n */\n"


def javascript(signature: Signature) -> str:
    params = ", ".join(p.name for p in signature.params)
    return (
        f"{_docs(signature, 'js')}{_jsdoc(signature)}"
        f"var {signature.function} = function({params}) {{\n    \n}};\n"
    )


def typescript(signature: Signature) -> str:
    params = ", ".join(f"{p.name}: {types.typescript(parse(p.type))}" for p in signature.params)
    returns = _returns(signature, types.typescript, "void")
    return (
        f"{_docs(signature, 'js')}function {signature.function}({params}): {returns} {{\n    \n}}\n"
    )


def c(signature: Signature) -> str:
    from codejudge.languages.c_harness import c_prototype

    notes = "/**\n * Note: the returned array must be malloced, assume caller calls free().\n */\n"
    returns = parse(signature.returns) if signature.returns != "void" else None
    note = notes if returns is not None and returns.depth else ""
    return f"{_docs(signature, 'c')}{note}{c_prototype(signature)} {{\n    \n}}\n"
