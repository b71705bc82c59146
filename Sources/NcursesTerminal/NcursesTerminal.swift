// NcursesTerminal: placeholder until the module lands.
