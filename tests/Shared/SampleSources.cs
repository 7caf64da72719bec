namespace SourceBot.Tests.Shared;

/// <summary>
/// Three short hand-written sources on unrelated topics, for the tests of every project that train the real Core on a small
/// knowledge folder (compiled into each test project as a linked file).
/// </summary>
internal static class SampleSources
{
    public const string Bees = """
        ---
        title: "How Bees Make Honey"
        authors: ["Ann Keeper"]
        publisher: "Garden Press"
        date: "2021-05-01"
        next_passage: 4
        ---

        [p1] Worker bees collect nectar from flowers and carry it back to the hive in a special honey stomach. A single bee visits hundreds of flowers on one trip.[1]

        [p2] Inside the hive, bees pass the nectar from mouth to mouth and fan it with their wings until most of the water evaporates. The thick result is honey, which they seal in wax cells.

        [p3] A strong colony can store more than twenty kilograms of honey in a good summer. Beekeepers leave enough honey in the hive for the bees to survive the winter.

        ## Footnotes

        [1] Observations of foraging flights, Garden Press field notes, 2020.
        """;

    public const string Volcanoes = """
        ---
        title: "Why Volcanoes Erupt"
        authors: ["Rui Basalt"]
        publisher: "Earth Journal"
        date: "2019-02-11"
        next_passage: 4
        ---

        [p1] Volcanoes erupt when molten rock called magma rises through cracks in the crust. Gas dissolved in the magma expands as the pressure drops near the surface.

        [p2] Sticky magma rich in silica traps its gas, so pressure builds until the volcano explodes violently. Runny basalt magma lets gas escape and flows out as lava rivers.

        [p3] Scientists watch for small earthquakes, swelling ground and sulfur gas to forecast eruptions. These signs often appear weeks before magma reaches the surface.
        """;

    public const string Lighthouses = """
        ---
        title: "Keepers of the Light"
        authors: ["Mo Harbour"]
        publisher: "Coast Magazine"
        date: "2018-09-30"
        next_passage: 3
        ---

        [p1] Lighthouse keepers trimmed the lamp wicks every night and polished the great lenses so ships could see the light from far at sea.

        [p2] The Fresnel lens, invented in 1822, bends light into a narrow beam that can be seen more than thirty kilometres away.
        """;

    /// <summary>Writes bees.md, volcanoes.md and lighthouses.md into <paramref name="folder"/>, creating it.</summary>
    public static void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "bees.md"), Bees);
        File.WriteAllText(Path.Combine(folder, "volcanoes.md"), Volcanoes);
        File.WriteAllText(Path.Combine(folder, "lighthouses.md"), Lighthouses);
    }
}
