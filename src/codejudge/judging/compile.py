"""The submission as a program: compiled (or checked) in the sandbox once per toolchain, source
and memory limit, and its run command. Whether a compile failed is ``verdict.judge_compile``'s
word over the compile's facts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from codejudge import verdict as verdicts
from codejudge.judging import diagnostics as diagnostics_
from codejudge.judging import limits as limits_
from codejudge.judging.artifacts import SizedLRU, cache_key
from codejudge.judging.placement import Placement
from codejudge.languages import language_version
from codejudge.languages.base import (
    MAIN,
    MEMORY_MB,
    RUNTIME_STACK_KB,
    STACK_KB,
    STDOUT_LIMIT,
    WORKDIR,
    Language,
    read_driver,
)
from codejudge.models import CompileDiagnostic, Limits, Signature, Verdict
from codejudge.models.run import CompileFacts, InputFile, Mount, RunFacts, RunLimits
from codejudge.sandbox import Sandbox

# The compile limits' memory limit when no problem says otherwise (self-tests, tools).
DEFAULT_MEMORY_MB = Limits().memory_mb


_COMPILED = CompileFacts()  # nothing against it (or no compile step)


@dataclass(frozen=True, slots=True)
class CompileResult:
    """A compiled (or checked) program: what its run boxes get, or why there is none.
    ``output`` is the compiler's messages as people read them, ``diagnostics`` those of them
    that are at a place in the submitted source (``judging/diagnostics.py``)."""

    output: str
    files: tuple[InputFile, ...] = ()  # the program's files for the run boxes
    main: str = "main"  # MAIN in the run command
    cached: bool = False
    facts: CompileFacts = _COMPILED
    diagnostics: tuple[CompileDiagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether there is a program to run (``verdict.judge_compile`` decides)."""
        return verdicts.judge_compile(self.facts) is Verdict.ACCEPTED


_CACHE: SizedLRU[CompileResult] = SizedLRU()


def compile_cache() -> SizedLRU[CompileResult]:
    """The process's compile cache (tests and benchmarks look at its counters)."""
    return _CACHE


def language_mounts(language: Language) -> tuple[Mount, ...]:
    """The extra mounts of the language's boxes (its toolchain folders, read-only), made to
    exist on the host first (``Language.prepare``: cached, a no-op after the first call)."""
    if language.prepare is not None:
        language.prepare()
    return language.mounts


def compile_source(
    language: Language, sandbox: Sandbox, code: str, *, memory_mb: int = DEFAULT_MEMORY_MB
) -> CompileResult:
    """Compile (or check) a stdio program for a problem whose memory limit is ``memory_mb``
    (the compile box holds that much static data)."""
    main = language.entry(code)
    sources = {language.source_file.replace(MAIN, main): code}
    sources |= {name: read_driver(name) for name in language.stdio_files}
    return build(language, sandbox, sources, main, code=code, memory_mb=memory_mb)


def compile_function(
    language: Language,
    sandbox: Sandbox,
    code: str,
    signature: Signature,
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> CompileResult:
    """Compile (or check) a function problem's program: the user's code and its driver."""
    if language.function_files is None:
        raise ValueError(f"{language.name} has no function-problem driver")
    # Java: the file is named after the (possibly public) class Solution.
    main = signature.class_name if language.main_class is not None else "main"
    sources = language.function_files(signature, code)
    return build(language, sandbox, sources, main, code=code, memory_mb=memory_mb)


def unchecked_function_program(
    language: Language, code: str, signature: Signature
) -> CompileResult | None:
    """The program a function problem's run box needs, before its compile step, for a language
    whose compile step only checks the sources (Python, JavaScript: no artifact, so the files
    to run are the sources themselves); None for the others. Judging starts the driver with it
    while the check runs, and drops it if the check fails."""
    if language.artifact is not None or language.function_files is None:
        return None
    main = signature.class_name if language.main_class is not None else "main"
    sources = language.function_files(signature, code)
    files = tuple(InputFile(f"{WORKDIR}/{name}", text.encode()) for name, text in sources.items())
    return CompileResult(output="", files=files, main=main)


def build(
    language: Language,
    sandbox: Sandbox,
    sources: dict[str, str],
    main: str,
    *,
    code: str | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> CompileResult:
    """Compile ``sources`` in the box with the language's own limits (raised to hold
    ``memory_mb`` of static data: ``limits.compile_limits``), once per toolchain, source and
    memory limit (the cache). The artifact leaves the box on the compiler box's stdout.
    ``code``: the submitted source, in the language's source file (``source_file``), whose
    lines the diagnostics are placed in (None: the whole of that file)."""
    if language.compile is not None:
        sources = {**sources, **dict(language.support_files)}
    files = tuple(InputFile(f"{WORKDIR}/{name}", text.encode()) for name, text in sources.items())
    if language.compile is None:
        return CompileResult(output="", files=files, main=main)
    command = [arg.replace(MAIN, main) for arg in language.compile]
    version = language_version(language) or ""
    # The code too: the diagnostics are placed in it (two codes may make the same sources).
    user = [] if code is None else [code]
    key = cache_key([language.id, version, str(memory_mb), *command, *_flatten(sources), *user])
    hit = _CACHE.get(key)
    if hit is not None:
        return dataclasses.replace(hit, cached=True)
    user_file = language.source_file.replace(MAIN, main)
    text = sources.get(user_file, "")
    placement = Placement.of(user_file, text, text if code is None else code)
    result = _compile(language, sandbox, command, files, main, memory_mb, placement)
    size = sum(len(f.data) for f in result.files) + len(result.output) + 256
    _CACHE.put(key, result, size + sum(len(d.message) + 64 for d in result.diagnostics))
    return result


def _compile(
    language: Language,
    sandbox: Sandbox,
    command: list[str],
    files: tuple[InputFile, ...],
    main: str,
    memory_mb: int,
    placement: Placement,
) -> CompileResult:
    limits = limits_.compile_limits(language.compile_limits, memory_mb)
    mounts = (*language_mounts(language), limits_.scratch_mount(limits))
    facts = sandbox.run(command, limits=limits, files=files, env=language.env, mounts=mounts)
    output = facts.stderr.decode(errors="replace")
    if language.artifact is None:
        output += facts.stdout.decode(errors="replace")
    failure = limits_.compile_failure(facts, limits, output)
    compiled = CompileFacts(exit_code=facts.exit_code, limit_hit=failure is not None)
    output, found = diagnostics_.read(language.diagnostics, output, placement)
    if failure is not None:
        return CompileResult(
            f"{output.rstrip()}\n{failure}".lstrip(), facts=compiled, diagnostics=found
        )
    if facts.exit_code != 0:
        return CompileResult(output or describe(facts) or "", facts=compiled, diagnostics=found)
    if language.artifact is None:
        return CompileResult(output, files, main, facts=compiled, diagnostics=found)
    source = language.source_path.replace(MAIN, main)
    artifact = InputFile(
        f"{WORKDIR}/{language.artifact.replace(MAIN, main)}", facts.stdout, language.artifact_mode
    )
    # Drivers and data beside the program; the sources compiled into it stay behind.
    support = {f"{WORKDIR}/{name}" for name, _ in language.support_files}
    rest = tuple(f for f in files if f.path != source and f.path not in support)
    return CompileResult(output, (artifact, *rest), main, facts=compiled, diagnostics=found)


def _flatten(sources: dict[str, str]) -> list[str]:
    return [part for name in sorted(sources) for part in (name, sources[name])]


def describe(facts: RunFacts) -> str | None:
    """How a run ended, if not with exit code 0."""
    if facts.signal is not None:
        return f"killed by signal {facts.signal}"
    if facts.exit_code:
        return f"exit code {facts.exit_code}"
    return None


def run_command(
    language: Language,
    argv: tuple[str, ...],
    program: CompileResult,
    limits: Limits,
    run: RunLimits,
) -> list[str]:
    """``argv`` (a language's run command) for this program and these limits."""
    values = {
        MAIN: program.main,
        MEMORY_MB: str(limits.memory_mb),
        STACK_KB: str(run.stack_kb),
        RUNTIME_STACK_KB: str(language.stack_kb(run.stack_kb)),
        STDOUT_LIMIT: str(limits.output_kb * 1024),
    }
    command = []
    for arg in argv:
        for marker, value in values.items():
            arg = arg.replace(marker, value)
        command.append(arg)
    return command


def program_command(
    language: Language, program: CompileResult, limits: Limits, run: RunLimits
) -> list[str]:
    """A language's stdio run command (``Language.run``) for this program and these limits."""
    return run_command(language, language.run, program, limits, run)
