"""The random audit sample (steekproef, calibration-design.md §3.4): the draw, the blind second
assessor, their judgement, and a doubt in the existing procedure where the two differ."""
