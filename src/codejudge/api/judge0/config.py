"""The Judge0 face's configuration, as Judge0 CE's ``GET /config_info`` shows it
(``app/helpers/config.rb``): each limit's default and maximum, derived from codejudge's own
(``Limits()`` and the ad hoc maxima ``CODEJUDGE_ADHOC_MAX_*``), and which Judge0 options this
face has (compiler options, command line arguments, additional files, network: none).

Units are Judge0's: times in seconds (floats), memory and file sizes in kilobytes."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from codejudge.models import Limits
from codejudge.settings import Settings

# Judge0's defaults for limits codejudge's sandbox sets its own way (accepted in a request
# within Judge0's bounds, then not used; docs/judge0.md lists them).
CPU_EXTRA_TIME, MAX_CPU_EXTRA_TIME = 1.0, 5.0
STACK_LIMIT, MAX_STACK_LIMIT = 64000, 128000
PROCESSES, MAX_PROCESSES = 60, 120
MIN_MEMORY_KB = 2048  # Judge0's lower bound on memory_limit
MIN_WALL_TIME = 1.0  # Judge0's lower bound on wall_time_limit
WALL_FACTOR = 2.0  # the wall time limit shown: twice the CPU one, as Judge0's defaults (5 s, 10 s)


@dataclass(frozen=True, slots=True)
class Judge0Config:
    """Every field of Judge0 CE 1.13.1's ``/config_info`` (the SDK's ``Config`` needs them all)."""

    maintenance_mode: bool
    enable_wait_result: bool
    enable_compiler_options: bool
    allowed_languages_for_compile_options: list[str]
    enable_command_line_arguments: bool
    enable_submission_delete: bool
    enable_callbacks: bool
    callbacks_max_tries: int
    callbacks_timeout: float
    enable_additional_files: bool
    max_queue_size: int
    cpu_time_limit: float
    max_cpu_time_limit: float
    cpu_extra_time: float
    max_cpu_extra_time: float
    wall_time_limit: float
    max_wall_time_limit: float
    memory_limit: int
    max_memory_limit: int
    stack_limit: int
    max_stack_limit: int
    max_processes_and_or_threads: int
    max_max_processes_and_or_threads: int
    enable_per_process_and_thread_time_limit: bool
    allow_enable_per_process_and_thread_time_limit: bool
    enable_per_process_and_thread_memory_limit: bool
    allow_enable_per_process_and_thread_memory_limit: bool
    max_file_size: int
    max_max_file_size: int
    number_of_runs: int
    max_number_of_runs: int
    redirect_stderr_to_stdout: bool
    max_extract_size: int
    enable_batched_submissions: bool
    max_submission_batch_size: int
    submission_cache_duration: float
    use_docs_as_homepage: bool
    allow_enable_network: bool
    enable_network: bool

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def judge0_config(settings: Settings) -> Judge0Config:
    """This server's Judge0 configuration. ``max_queue_size`` is Judge0's cap on queued
    submissions; codejudge's is per priority (``CODEJUDGE_MAX_DEPTH``) and shown here as 0
    when unset (no cap). ``callbacks_*``: codejudge's webhooks retry on their own schedule
    (docs/webhooks.md), shown as Judge0's defaults."""
    default = Limits()
    cpu = default.time_ms / 1000
    max_cpu = settings.adhoc_max_time_ms / 1000
    return Judge0Config(
        maintenance_mode=False,
        enable_wait_result=True,
        enable_compiler_options=False,
        allowed_languages_for_compile_options=[],
        enable_command_line_arguments=False,
        enable_submission_delete=False,
        enable_callbacks=True,
        callbacks_max_tries=3,
        callbacks_timeout=5.0,
        enable_additional_files=False,
        max_queue_size=0,
        cpu_time_limit=cpu,
        max_cpu_time_limit=max_cpu,
        cpu_extra_time=CPU_EXTRA_TIME,
        max_cpu_extra_time=MAX_CPU_EXTRA_TIME,
        wall_time_limit=max(MIN_WALL_TIME, cpu * WALL_FACTOR),
        max_wall_time_limit=max(MIN_WALL_TIME, max_cpu * WALL_FACTOR),
        memory_limit=default.memory_mb * 1024,
        max_memory_limit=settings.adhoc_max_memory_mb * 1024,
        stack_limit=STACK_LIMIT,
        max_stack_limit=MAX_STACK_LIMIT,
        max_processes_and_or_threads=PROCESSES,
        max_max_processes_and_or_threads=MAX_PROCESSES,
        enable_per_process_and_thread_time_limit=False,
        allow_enable_per_process_and_thread_time_limit=False,
        enable_per_process_and_thread_memory_limit=False,
        allow_enable_per_process_and_thread_memory_limit=False,
        max_file_size=min(default.output_kb, settings.adhoc_max_output_kb),
        max_max_file_size=settings.adhoc_max_output_kb,
        number_of_runs=1,
        max_number_of_runs=1,
        redirect_stderr_to_stdout=False,
        max_extract_size=0,
        enable_batched_submissions=True,
        max_submission_batch_size=settings.judge0_batch_max,
        submission_cache_duration=0.0,
        use_docs_as_homepage=False,
        allow_enable_network=False,
        enable_network=False,
    )
