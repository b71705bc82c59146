// TerminalUI: placeholder until the module lands.
