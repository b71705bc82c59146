// NeuralNet: placeholder until the module lands.
