// The whole forward pass of a Network in plain loops, layer by layer, for checking the fast path.

extension Network {
    /// Logits (N, 10) of `input` (N, 1, 28, 28) in evaluation mode, computed without BLAS.
    public func referenceLogits(_ input: [Float], batch: Int) -> [Float] {
        var activation = input
        var shape = [batch, 1, 28, 28]
        for layer in layers {
            switch layer {
            case let conv as Conv2d:
                let g = conv.geometry
                activation = ReferenceKernels.conv2d(input: activation, batch: batch, weight: store.read(conv.weight),
                                                     bias: store.read(conv.bias), geometry: g)
                shape = [batch, g.outputChannels, g.outputHeight, g.outputWidth]
            case let linear as Linear:
                activation = ReferenceKernels.linear(input: activation, batch: batch,
                                                     weight: store.read(linear.weight), bias: store.read(linear.bias))
                shape = [batch, linear.outputFeatures]
            case is ReLU:
                activation = activation.map { max($0, 0) }
            case let pool as MaxPool2d:
                let (channels, height, width, k) = (shape[1], shape[2], shape[3], pool.size)
                let oh = height / k, ow = width / k
                var pooled = [Float](repeating: 0, count: batch * channels * oh * ow)
                for plane in 0..<batch * channels {
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            var best = -Float.infinity
                            for dy in 0..<k {
                                for dx in 0..<k {
                                    best = max(best, activation[(plane * height + oy * k + dy) * width + ox * k + dx])
                                }
                            }
                            pooled[(plane * oh + oy) * ow + ox] = best
                        }
                    }
                }
                activation = pooled
                shape = [batch, channels, oh, ow]
            case is Flatten, is Dropout:
                continue   // a reshape, and the identity in evaluation mode
            default:
                preconditionFailure("no reference for \(type(of: layer))")
            }
        }
        return activation
    }
}
