"""Progress output for long management commands: a bar on a terminal, plain lines in a log."""

from collections.abc import Callable


def progress_printer(stdout, *, label: str = "", every_percent: int = 10) -> Callable[[int, int, str], None]:
    is_tty = hasattr(stdout, "isatty") and stdout.isatty()
    last_step = {"value": -1}

    def report(done: int, total: int, detail: str = "") -> None:
        total = max(total, 1)
        percent = 100 * done // total
        if is_tty:
            filled = 30 * done // total
            stdout.write(f"\r{label}[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {percent}%", ending="")
            if done >= total:
                stdout.write("")
            stdout.flush()
            return
        step = percent // every_percent
        if step != last_step["value"] or done >= total:
            last_step["value"] = step
            stdout.write(f"{label}{done}/{total} ({percent}%)")

    return report
