"""The figures, pure: a tracker, the rules and a day in; a report out (totals, cycles,
caps, prerequisites, the checks of meaning).  Nothing here reads the disk, the clock or
another program, so every figure can be reproduced and tested with a fixed date."""
