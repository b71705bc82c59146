// Dashboard: placeholder until the module lands.
