"""Without an SMTP server, `lienthong start` prints e-mail to its console: in words a person reads, not MIME."""

import io

from django.core.mail import EmailMultiAlternatives

from lienthong.core.mail import ReadableConsoleBackend

SUBJECT = "Mã xác nhận đăng ký tài khoản Dịch vụ công Đồng Nai"
BODY = "Xin chào Nguyễn Thị Hoa,\n\nMã xác nhận của bạn là 482913. Mã có hiệu lực trong 15 phút."


def test_the_subject_body_and_attachments_are_printed_decoded():
    # given a Vietnamese message with an HTML version and a PDF attached
    out = io.StringIO()
    message = EmailMultiAlternatives(SUBJECT, BODY, "lienthong@localhost", ["congdan@lienthong.example"])
    message.attach_alternative(f"<p>{BODY}</p>", "text/html")
    message.attach("phieu-tiep-nhan.pdf", b"%PDF-1.7", "application/pdf")

    # when the console backend sends it
    sent = ReadableConsoleBackend(stream=out).send_messages([message])

    # then a person reads the subject and the text as written
    text = out.getvalue()
    assert sent == 1
    assert f"Tiêu đề: {SUBJECT}" in text
    assert "Đến: congdan@lienthong.example" in text
    assert "Mã xác nhận của bạn là 482913." in text
    assert "phieu-tiep-nhan.pdf" in text and "text/html" in text
    assert "=?utf-8?" not in text and "Content-Transfer-Encoding" not in text


def test_start_prints_mail_with_it_when_no_smtp_server_is_named():
    from lienthong.launch.management.commands.start import CONSOLE_EMAIL

    assert CONSOLE_EMAIL == "lienthong.core.mail.ReadableConsoleBackend"
