"""The municipal contest for mentors: nominations, stages, applications from the portfolio,
a jury scoring with a rubric, and results."""
