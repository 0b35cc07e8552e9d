"""Pure views: (translator, data) -> (text, keyboard). No I/O, no Update."""
