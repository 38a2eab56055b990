using System;
using System.IO;
using BackpropGen;
using TrainingSample;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The training sample's claims (README, "A real task"): with the sample's own recipes and seeds, the Iris classifier
    /// and the moons classifier reach their accuracy on data they never trained or validated on.
    /// </summary>
    public class TrainingSampleTests
    {
        [Fact]
        public void The_Iris_classifier_classifies_at_least_90_percent_of_the_held_back_flowers()
        {
            DataSet iris = Recipes.Iris(Path.Combine(AppContext.BaseDirectory, "TrainingSample", "Data", "iris.csv"));
            Assert.Equal((120, 30), (iris.Samples, iris.TestSamples));
            var network = new IrisClassifier();
            network.InitializeParameters(Recipes.Seed);
            var trainer = new Trainer(network, Recipes.IrisOptions());
            trainer.Fit(iris.Inputs, iris.Targets);

            trainer.Evaluate(iris.TestInputs, iris.TestTargets, out double accuracy);
            Assert.True(accuracy >= 0.9, $"test accuracy {accuracy}");
        }

        [Fact]
        public void The_moons_classifier_classifies_at_least_95_percent_of_the_held_back_points()
        {
            DataSet moons = Recipes.Moons();
            Assert.Equal((800, 200), (moons.Samples, moons.TestSamples));
            var network = new MoonsClassifier();
            network.InitializeParameters(Recipes.Seed);
            var trainer = new Trainer(network, Recipes.MoonsOptions());
            trainer.Fit(moons.Inputs, moons.Targets);

            trainer.Evaluate(moons.TestInputs, moons.TestTargets, out double accuracy);
            Assert.True(accuracy >= 0.95, $"test accuracy {accuracy}");
        }
    }
}
