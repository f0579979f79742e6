from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lienthong.portal"
    verbose_name = _("Cổng thông tin công dân")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lienthong.core.models import Rule
        from lienthong.notify.oa import oa_text_handler_register
        from lienthong.portal import identity
        from lienthong.portal.zalo import zalo_lookup_reply

        identity.register()
        # What a citizen writes to the province's Zalo OA is a look-up by code (notify receives and answers it).
        oa_text_handler_register(zalo_lookup_reply)
        # The contact an administrator sets shows at once in this process (in others within the cache's minutes,
        # as does a change to the province's or the service centre's own record).
        post_save.connect(_rule_saved, sender=Rule, dispatch_uid="portal-identity-rule")


def _rule_saved(sender, instance, **kwargs) -> None:
    from lienthong.portal.identity import CONTACT, identity_forget

    if instance.key == CONTACT:
        identity_forget()
