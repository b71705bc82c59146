// FashionMNIST: placeholder until the module lands.
