// Training: placeholder until the module lands.
