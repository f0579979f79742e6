"""Units' roadmaps (lộ trình): commitments with due dates on the legal clock, evidence, status and escalation."""
