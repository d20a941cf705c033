namespace Keeper.Simulation.Tests;

/// <summary>Placeholder so the project is never empty while the simulator is built.</summary>
public class ProjectTests
{
    [Fact]
    public void Consensus_assembly_loads() => Assert.Equal("Keeper.Consensus", typeof(Keeper.Consensus.Election.ServerState).Assembly.GetName().Name);
}
