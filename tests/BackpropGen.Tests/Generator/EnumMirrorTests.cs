using System;
using System.Linq;
using BackpropGen.Generator.Model;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>The generator keeps its own copies of the runtime enums; they must agree name for name, value for value.</summary>
    public class EnumMirrorTests
    {
        [Theory]
        [InlineData(typeof(Activation), typeof(ActivationKind))]
        [InlineData(typeof(Loss), typeof(LossKind))]
        [InlineData(typeof(BiasMode), typeof(BiasKind))]
        [InlineData(typeof(UpdateRule), typeof(UpdateRuleKind))]
        [InlineData(typeof(CodeShape), typeof(CodeShapeKind))]
        [InlineData(typeof(Precision), typeof(PrecisionKind))]
        [InlineData(typeof(Optimizer), typeof(OptimizerKind))]
        public void Generator_enum_matches_runtime_enum(Type runtime, Type generator)
        {
            static string[] Members(Type type) =>
                Enum.GetValues(type).Cast<object>().Select(v => $"{Enum.GetName(type, v)}={Convert.ToInt32(v)}").ToArray();

            Assert.Equal(Members(runtime), Members(generator));
        }
    }
}
