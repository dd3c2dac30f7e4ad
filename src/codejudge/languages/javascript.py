"""JavaScript (Node.js): ``var twoSum = function(nums, target)`` or ``function twoSum``."""

from codejudge.languages import node
from codejudge.languages.base import SelfTest
from codejudge.languages.node import NODE, NodeFamily
from codejudge.languages.spelling import node_docs, parse_type, returns
from codejudge.models import Signature


def starter(signature: Signature) -> str:
    """LeetCode's template: the types in a JSDoc comment."""
    lines = [f" * @param {{{node.spell(parse_type(p.type))}}} {p.name}" for p in signature.params]
    lines.append(f" * @return {{{returns(signature, node.spell, 'void')}}}")
    jsdoc = "/**\n" + "\n".join(lines) + "\n */\n"
    params = ", ".join(p.name for p in signature.params)
    return (
        f"{node_docs(signature, node.NODE_DOCS)}{jsdoc}"
        f"var {signature.function} = function({params}) {{\n    \n}};\n"
    )


LANGUAGE = NodeFamily(
    id="javascript",
    name="JavaScript (Node.js)",
    order=4,
    extensions=(".js", ".mjs"),
    source_file="solution.js",
    compile=(NODE, "--check", "solution.js"),
    function_files=node.function_files("solution.js"),
    starter=starter,
    selftest=SelfTest(
        stdio_code=(
            "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/)"
            ".map(Number);\nconsole.log(a + b);\n"
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "var add = function(a, b) {\n    console.log('debug output is fine');\n"
            "    return a + b;\n};\n"
        ),
    ),
)
