namespace Distral.Experiments;

/// <summary>
/// One config key an algorithm family reads and how its value sets the family's options.
/// </summary>
/// <typeparam name="TOptions">The family's options record.</typeparam>
/// <param name="Key">The key as this family declares it; its <see cref="ConfigKey.Default"/> is this family's default.</param>
/// <param name="Option">The options property the key sets: validation errors of that property are reported as this key's.</param>
/// <param name="Apply">The options with the key's value from the config applied.</param>
public sealed record KeyBinding<TOptions>(ConfigKey Key, string Option, Func<TOptions, RunConfig, TOptions> Apply)
{
    /// <summary>A Number key that sets a float option.</summary>
    public static KeyBinding<TOptions> Number(ConfigKey key, string option, Func<TOptions, float, TOptions> set)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key, option, (o, config) => set(o, config.GetFloat(key.Name)));
    }

    /// <summary>An Integer key that sets an int option.</summary>
    public static KeyBinding<TOptions> Integer(ConfigKey key, string option, Func<TOptions, int, TOptions> set)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key, option, (o, config) => set(o, config.GetInt(key.Name)));
    }

    /// <summary>An IntegerList key that sets a list-of-int option.</summary>
    public static KeyBinding<TOptions> Integers(ConfigKey key, string option, Func<TOptions, int[], TOptions> set)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key, option, (o, config) => set(o, config.GetInts(key.Name)));
    }

    /// <summary>A Boolean key that sets a bool option.</summary>
    public static KeyBinding<TOptions> Boolean(ConfigKey key, string option, Func<TOptions, bool, TOptions> set)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key, option, (o, config) => set(o, config.GetBool(key.Name)));
    }

    /// <summary>A key the family's agent builder reads itself (no option of its record): applying it changes nothing.</summary>
    public static KeyBinding<TOptions> ReadByCreate(ConfigKey key) => new(key, "", (o, _) => o);

        /// <summary>A Choice key over the kebab-case names of an enum (default <paramref name="defaultValue"/>) that sets an enum option.</summary>
    public static KeyBinding<TOptions> Choice<TEnum>(string name, TEnum defaultValue, string description, string option, Func<TOptions, TEnum, TOptions> set)
        where TEnum : struct, Enum
    {
        var key = new ConfigKey(name, ConfigValueKind.Choice, ConfigValues.Kebab(defaultValue), description) { Choices = ConfigValues.Choices<TEnum>() };
        return new(key, option, (o, config) => set(o, ConfigValues.FromKebab<TEnum>(config.GetString(name))));
    }
}
