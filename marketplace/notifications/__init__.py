"""Messages to people (SMS and e-mail) queued in the outbox and delivered by a worker."""
