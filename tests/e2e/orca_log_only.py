"""Run Debian's Orca screen reader with no speech server, writing what it would say to its debug file.

Run with Debian's own Python (``/usr/bin/python3``, which has Orca's ``pyatspi``), not the project's:
``/usr/bin/python3 tests/e2e/orca_log_only.py --debug-file=orca.log``. Each thing Orca says is a line
``SPEECH OUTPUT: '...'`` in that file. There is no sound card on a test machine, and speech-dispatcher
blocks Orca there, so speech goes to the log alone; every line is flushed at once, so a test reads
it while Orca runs. Used by tests/e2e/test_screen_reader.py.
"""

import runpy
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")

from orca import debug, speech

_println = debug.println


def _println_flushed(*args, **kwargs):
    _println(*args, **kwargs)
    if debug.debugFile:
        debug.debugFile.flush()


debug.println = _println_flushed
# No speech server: orca.speech logs each utterance as "SPEECH OUTPUT" and, with no server, stops there.
speech.init = lambda: debug.println(debug.LEVEL_INFO, "SPEECH: no speech server; what is said is logged", True)
sys.argv = ["orca", *sys.argv[1:]]
runpy.run_path("/usr/bin/orca", run_name="__main__")
