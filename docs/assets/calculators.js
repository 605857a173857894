// Calculators in the notes: filled in by the calculators work (issue 9).
