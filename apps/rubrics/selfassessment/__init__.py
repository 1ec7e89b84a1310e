"""Staff self-assessments on the role rubrics: the forms, my overview with growth charts, the
team heatmap (which reads placements: the schools a schoolopleider sees), and the cbv overview
and form the complexe beroepsvaardigheden page of the cycle uses. The models stay in
`apps.rubrics.models`, the writes in `apps.rubrics.services`."""
