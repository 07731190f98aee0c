namespace Distral.Envs;

/// <summary>An env with a known finite MDP, for exact solvers (value iteration, tabular Distral).</summary>
public interface IModelEnv : IEnv
{
    /// <summary>The full MDP; its action indices equal the env's discrete actions.</summary>
    TabularModel Model { get; }

    /// <summary>The model state the env is in now (valid after Reset).</summary>
    int StateIndex { get; }
}
