"""The connection board (issue 5, item 5): every agency's connected systems, their state and the head accountable;
escalation when a unit stays disconnected; the monthly compliance report. Reads the gateway, national and org apps;
kept in its own app so that its one table migrates apart from the gateway's."""
