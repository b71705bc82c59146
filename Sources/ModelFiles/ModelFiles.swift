// ModelFiles: placeholder until the module lands.
