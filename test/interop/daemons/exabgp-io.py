#!/usr/bin/env python3
# ExaBGP's API process for the interop harness. ExaBGP writes every message it receives (JSON,
# one per line) to this process's stdin: they are appended to argv[1]. Commands for ExaBGP are
# written by the test to the FIFO argv[2]: each line read there is echoed to stdout, which ExaBGP
# reads as an API command ("announce route ...", "withdraw route ...").
import os
import sys
import threading

log_path, fifo_path = sys.argv[1], sys.argv[2]


def relay_commands():
    while True:
        with open(fifo_path) as fifo:  # blocks until the test opens it for writing
            for line in fifo:
                sys.stdout.write(line if line.endswith('\n') else line + '\n')
                sys.stdout.flush()


threading.Thread(target=relay_commands, daemon=True).start()
with open(log_path, 'a', buffering=1) as log:
    for line in sys.stdin:
        log.write(line)
os._exit(0)
