namespace Squall.Tests;

/// <summary>
/// Two threads completing one future at the same moment: exactly one wins, and the future holds the winner's result.
/// (Completing from another thread is not the documented use, but a check-then-set here would hand two callers "you
/// completed it" and could leave the loser's result behind the winner's notification.)
/// </summary>
public sealed class FutureRaceTests
{
    private const int Rounds = 20_000;

    [Fact]
    public void Exactly_one_of_two_racing_completions_wins_and_its_result_is_kept()
    {
        var futures = new Future<int>[Rounds];
        for (int i = 0; i < Rounds; i++) futures[i] = new Future<int>();
        var wonByA = new bool[Rounds];
        var wonByB = new bool[Rounds];
        int arrivedB = -1, go = -1;

        // The two threads meet before every round (B announces itself, A opens the round), so their completions
        // overlap as closely as the machine allows; no clock is involved.
        var a = new Thread(() =>
        {
            for (int r = 0; r < Rounds; r++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref arrivedB) < r) spin.SpinOnce(-1);
                Volatile.Write(ref go, r);
                wonByA[r] = futures[r].TrySetResult(1);
            }
        });
        var b = new Thread(() =>
        {
            for (int r = 0; r < Rounds; r++)
            {
                Volatile.Write(ref arrivedB, r);
                var spin = new SpinWait();
                while (Volatile.Read(ref go) < r) spin.SpinOnce(-1);
                wonByB[r] = futures[r].TrySetResult(2);
            }
        });
        a.Start();
        b.Start();
        Assert.True(a.Join(TimeSpan.FromMinutes(2)) && b.Join(TimeSpan.FromMinutes(2)), "the racing threads did not finish");

        int bothWon = 0, wrongResult = 0;
        for (int r = 0; r < Rounds; r++)
        {
            if (wonByA[r] == wonByB[r]) bothWon++;
            else if (futures[r].Result != (wonByA[r] ? 1 : 2)) wrongResult++;
        }
        Assert.Equal((0, 0), (bothWon, wrongResult));
    }
}
