"""Changes notifications make, by area: ``create`` (a message for a person
or an address, once per key), ``sending`` (dispatching, delivering one,
sweeping up after a dead worker, sending again), ``choices`` (a person's
own choices) and ``reading`` (marking messages read)."""
