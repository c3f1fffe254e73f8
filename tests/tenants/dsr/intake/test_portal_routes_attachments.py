"""Attachments through the portal: type/size checks, the virus-scan hook, sealed to the controller."""

from dataclasses import dataclass

from alusta.tenants.dsr.intake.attachments import MAX_ATTACHMENT_BYTES, Verdict
from alusta.tenants.dsr.runtime import runtime_of
from fixtures.dsr import PORTAL, World

PDF = b"%PDF-1.4\n% valtakirja\n"
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass
class FakeScanner:
    async def scan(self, data: bytes) -> Verdict:
        return Verdict(clean=b"EICAR" not in data, signature="Eicar-Test-Signature" if b"EICAR" in data else None)


def upload(world: World, reference: str, name: str, content_type: str, data: bytes) -> tuple[int, dict[str, object]]:
    response = world.client.post(
        f"{PORTAL}/requests/{reference}/attachments",
        params={"name": name},
        content=data,
        headers={**world.as_subject(), "content-type": content_type},
    )
    return response.status_code, response.json()


def test_attachment_checked_scanned_and_readable_only_by_the_controller(world: World) -> None:
    runtime_of(world.client.app.state).scanner = FakeScanner()
    reference = world.file(world.a.tenant, "access")
    status, body = upload(world, reference, "../../valtakirja.pdf", "application/pdf", PDF)
    assert status == 201, body
    assert body["name"] == "valtakirja.pdf"
    assert upload(world, reference, "x.exe", "application/x-msdownload", b"MZ\x90\x00\x03")[0] == 415
    assert upload(world, reference, "x.pdf", "image/png", PDF)[0] == 415
    assert (
        upload(world, reference, "virus.txt", "text/plain", EICAR)[1]["type"]
        == "urn:alusta:problem:attachment_infected"
    )
    assert upload(world, reference, "big.txt", "text/plain", b"a" * (MAX_ATTACHMENT_BYTES + 1))[0] == 413
    assert upload(world, reference, "empty.txt", "text/plain", b"")[0] == 422
    request_id = world.staff_id(world.a, reference)
    listed = world.staff(world.a, request_id).json()["attachments"]
    assert [(a["name"], a["content_type"], a["size"]) for a in listed] == [
        ("valtakirja.pdf", "application/pdf", len(PDF))
    ]
    download = world.client.get(
        f"/api/v1/tenants/{world.a.tenant}/requests/{request_id}/attachments/{listed[0]['id']}",
        headers={"x-test-identity": str(world.a.admin)},
    )
    assert download.content == PDF
    desk = world.client.get(
        f"/api/v1/tenants/{world.a.tenant}/requests/{request_id}/attachments/{listed[0]['id']}", headers=world.as_desk()
    )
    assert desk.status_code == 404
    other = world.client.post(
        f"{PORTAL}/requests/{reference}/attachments",
        params={"name": "a.pdf"},
        content=PDF,
        headers={**world.as_subject(world.stranger), "content-type": "application/pdf"},
    )
    assert other.status_code == 404


def test_no_scanner_in_production_means_no_attachments(world: World) -> None:
    runtime = runtime_of(world.client.app.state)
    runtime.scanner, runtime.require_scanner = None, True
    reference = world.file(world.a.tenant, "access")
    assert upload(world, reference, "valtakirja.pdf", "application/pdf", PDF)[0] == 503
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id).json()["attachments"] == []
