"""E-mail printed to a console a person reads: `lienthong start` without an SMTP server prints the demo's sign-up
codes and notices there. Django's console backend prints the raw MIME message — a subject as `=?utf-8?b?…?=` and a
Vietnamese body in base64 — which no one can read; this one prints the decoded headers and the text."""

from django.core.mail.backends.console import EmailBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives
from django.utils.translation import gettext as _

RULE = "-" * 79


class ReadableConsoleBackend(EmailBackend):
    """Each message as its reader would see it: sender, recipients, subject, the plain text, the names of the
    attachments and of any other version (HTML) it carries."""

    def write_message(self, message: EmailMessage) -> None:
        lines = [
            _("Thư điện tử (in ra vì chưa cấu hình máy chủ SMTP)"),
            f"{_('Từ')}: {message.from_email}",
            f"{_('Đến')}: {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc: {', '.join(message.cc)}")
        lines += [f"{_('Tiêu đề')}: {message.subject}", "", str(message.body).rstrip()]
        names = [_attachment_name(attachment) for attachment in message.attachments]
        if names:
            lines += ["", _("Tệp đính kèm: %(names)s") % {"names": ", ".join(names)}]
        if isinstance(message, EmailMultiAlternatives) and message.alternatives:
            kinds = ", ".join(alternative[1] for alternative in message.alternatives)
            lines += ["", _("Kèm bản khác của nội dung: %(kinds)s") % {"kinds": kinds}]
        self.stream.write("\n".join([RULE, *lines, RULE]) + "\n")


def _attachment_name(attachment) -> str:
    if isinstance(attachment, tuple | list):  # (filename, content, mimetype), or an EmailAttachment
        return str(attachment[0] or _("(không tên)"))
    return str(attachment.get_filename() or _("(không tên)"))  # a MIMEBase part
