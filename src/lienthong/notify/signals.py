"""What notify tells the apps that listen: a message's status changed (sent in the transaction that changed it, so a
listener's rows commit or roll back with the change). The gateway turns it into a `message_status` webhook for the
connected systems that subscribed (gateway/webhooks); notify imports none of them."""

from django.dispatch import Signal

# kwargs: message (notify.Message, its new status saved), status, at
message_status_changed = Signal()
