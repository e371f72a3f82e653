#!/usr/bin/python3
"""Interrupts a compile once its temporary output exists and checks that
nothing is left in the output directory.

    interrupt_compile.py SIGNAL DIR COUNT -- COMMAND...

Starts COMMAND, waits (up to 120 s) for COUNT `*.tmp` files in DIR (the
output, and with 2 the object file being written for the linker), sends SIGNAL
(TERM or INT), waits for the process and prints one line: the signal, the
exit status, and the files left in DIR ("none" when clean). Exits 1 when
files are left or the compile finished before a temporary file appeared.
"""
import os
import signal
import subprocess
import sys
import time


def main():
    sig = getattr(signal, "SIG" + sys.argv[1])
    out_dir = sys.argv[2]
    count = int(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1:]
    # As from a terminal: lit may start tests with SIGINT ignored, which
    # the child would inherit.
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        if sum(name.endswith(".tmp") for name in os.listdir(out_dir)) >= count:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        print(f"compile ended (status {proc.returncode}) before {count} "
              "temporary files appeared")
        return 1
    proc.send_signal(sig)
    status = proc.wait()
    left = sorted(os.listdir(out_dir))
    print(f"SIG{sys.argv[1]}: status {status}, left: "
          f"{' '.join(left) if left else 'none'}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
