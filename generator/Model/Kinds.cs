namespace BackpropGen.Generator.Model
{
    // The generator's copies of the runtime enums (the generator does not reference the runtime assembly).
    // A test checks that names and values match BackpropGen.Activation, Loss, BiasMode, UpdateRule, CodeShape, Optimizer and Precision.

    internal enum ActivationKind
    {
        Logistic = 0,
        Tanh = 1,
        ReLU = 2,
        LeakyReLU = 3,
        Identity = 4,
        Softmax = 5,
    }

    internal enum LossKind
    {
        SquaredError = 0,
        CrossEntropy = 1,
    }

    internal enum BiasKind
    {
        SharedPerLayer = 0,
        PerNeuron = 1,
        None = 2,
    }

    internal enum UpdateRuleKind
    {
        Simultaneous = 0,
        OutputLayerFirst = 1,
    }

    internal enum CodeShapeKind
    {
        Auto = 0,
        Unrolled = 1,
        Vectorized = 2,
    }

    internal enum OptimizerKind
    {
        Sgd = 0,
        Momentum = 1,
        Adam = 2,
    }

    internal enum PrecisionKind
    {
        Double = 0,
        Single = 1,
    }
}
