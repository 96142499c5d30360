"""The glute-waking moves a break card can show, and how the next one is chosen."""

from __future__ import annotations

import random
from dataclasses import dataclass

# With prefer_desk, a move you can do beside your chair is this many times likelier than a floor move:
# most breaks happen in an office, but the floor moves build more strength, so they still turn up.
DESK_WEIGHT = 3
FLOOR_WEIGHT = 1


@dataclass(frozen=True)
class Exercise:
    """One move: what it is, how to do it, how much, and which squeeze to focus on."""

    key: str
    name: str
    emoji: str
    how: str
    dose: str
    cue: str
    needs_floor: bool


LIBRARY: tuple[Exercise, ...] = (
    Exercise(
        key="glute_tap",
        name="Glute tap",
        emoji=":wave:",
        how=(
            "Stand up and pat both glutes lightly with your fingertips for a few seconds.\n"
            "The touch tells your brain which muscles you are about to use.\n"
            "Then tighten them, hold, and let go."
        ),
        dose="10 s of tapping, then 5 squeezes of 3 s",
        cue="Squeeze your glutes as hard as is comfortable for a slow count of three each time.",
        needs_floor=False,
    ),
    Exercise(
        key="march_in_place",
        name="Marching in place",
        emoji=":walking:",
        how=(
            "Stand tall and march on the spot, lifting each knee towards hip height.\n"
            "Swing your arms and keep your chest up."
        ),
        dose="60 s",
        cue="Squeeze the glute of your standing leg each time the other knee comes up.",
        needs_floor=False,
    ),
    Exercise(
        key="hip_circles",
        name="Hip circles",
        emoji=":arrows_counterclockwise:",
        how=(
            "Stand with your feet hip-width apart and your hands on your hips.\n"
            "Trace big, slow circles with your hips while your shoulders stay quiet."
        ),
        dose="10 slow circles each way",
        cue="Squeeze your glutes as your hips sweep forward on every circle.",
        needs_floor=False,
    ),
    Exercise(
        key="squats",
        name="Bodyweight squats",
        emoji=":arrow_up_down:",
        how=(
            "Feet about shoulder-width apart, push your hips back and down as if aiming for a chair.\n"
            "Go only as low as feels comfortable, then drive up through your heels."
        ),
        dose="10 slow reps",
        cue="Stand all the way up and squeeze your glutes at the top of every rep.",
        needs_floor=False,
    ),
    Exercise(
        key="glute_squeeze_hold",
        name="Standing glute squeeze",
        emoji=":muscle:",
        how=(
            "Stand tall, feet hip-width apart, knees soft.\n"
            "Tighten both glutes and hold while breathing normally, then relax completely."
        ),
        dose="5 holds of 10 s",
        cue="Squeeze your glutes as hard as you can without arching your lower back.",
        needs_floor=False,
    ),
    Exercise(
        key="standing_kickback",
        name="Standing hip extension",
        emoji=":athletic_shoe:",
        how=(
            "Hold your desk or the back of a chair that won't roll.\n"
            "With a straight leg, sweep one foot a short way back behind you, then bring it back.\n"
            "Keep the move small so your lower back stays still."
        ),
        dose="12 reps each side",
        cue="Squeeze the glute of the moving leg as it reaches back, and pause there for a beat.",
        needs_floor=False,
    ),
    Exercise(
        key="calf_raise_squeeze",
        name="Calf raise and squeeze",
        emoji=":arrow_heading_up:",
        how=(
            "Stand with a hand on your desk for balance.\n"
            "Rise onto the balls of your feet, hold for a moment, and lower slowly."
        ),
        dose="12 slow reps",
        cue="Squeeze your glutes at the top of each raise and keep them tight on the way down.",
        needs_floor=False,
    ),
    Exercise(
        key="clamshells",
        name="Clamshells",
        emoji=":shell:",
        how=(
            "Lie on your side with knees bent and stacked, heels together.\n"
            "Keeping your feet touching, open the top knee, then close it slowly.\n"
            "Don't let your hips roll backwards."
        ),
        dose="12 reps each side",
        cue="Squeeze the glute on the top-leg side as the knee opens.",
        needs_floor=True,
    ),
    Exercise(
        key="hip_thrusts",
        name="Hip thrusts",
        emoji=":arrow_up:",
        how=(
            "Rest your upper back on a sturdy couch or a chair that can't slide, feet flat, knees bent.\n"
            "Drive your hips up until you're level from shoulders to knees, then lower.\n"
            "Nothing stable nearby? Lie on your back and do it as a floor bridge."
        ),
        dose="10 reps with a 2 s pause at the top",
        cue="Squeeze your glutes hard at the top of every rep.",
        needs_floor=True,
    ),
    Exercise(
        key="single_leg_bridge",
        name="Single-leg glute bridge",
        emoji=":bridge_at_night:",
        how=(
            "Lie on your back, knees bent, feet flat.\n"
            "Straighten one leg, press through the other heel to lift your hips, and lower slowly."
        ),
        dose="8 reps each side",
        cue="Squeeze the glute of the working leg at the top and keep your hips level.",
        needs_floor=True,
    ),
    Exercise(
        key="side_plank",
        name="Side plank",
        emoji=":straight_ruler:",
        how=(
            "Lie on your side propped on a forearm, elbow under your shoulder.\n"
            "Lift your hips until your body forms a straight line.\n"
            "Easier version: bend your knees and balance on them instead of your feet."
        ),
        dose="20-30 s each side",
        cue="Squeeze your glutes to keep your hips pressed forward and up.",
        needs_floor=True,
    ),
)

_BY_KEY: dict[str, Exercise] = {exercise.key: exercise for exercise in LIBRARY}


def by_key(key: str) -> Exercise | None:
    """Return the library exercise with this key, or None if there is none."""
    return _BY_KEY.get(key)


def pick_next(last_key: str | None, *, seed: int, prefer_desk: bool = True) -> Exercise:
    """Return a weighted random exercise other than last_key's; the same arguments give the same pick."""
    candidates = [exercise for exercise in LIBRARY if exercise.key != last_key]
    if prefer_desk:
        weights = [FLOOR_WEIGHT if exercise.needs_floor else DESK_WEIGHT for exercise in candidates]
    else:
        weights = [1] * len(candidates)
    return random.Random(seed).choices(candidates, weights=weights, k=1)[0]
