import io

import pytest
from PIL import ExifTags, Image

from apps.cycle.common import CycleError
from apps.cycle.evidence.intake import check_upload
from tests.cycle.evidence.files import PDF, docx_bytes, photo_bytes, upload


def test_a_photos_location_and_device_are_gone():
    assert Image.open(io.BytesIO(photo_bytes())).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    checked = check_upload(upload("klas.jpg", photo_bytes()))
    stored = Image.open(io.BytesIO(checked.content.read()))
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


def test_the_type_comes_from_the_content_not_the_name():
    assert check_upload(upload("lesplan.jpg", PDF)).kind == "document"
    assert check_upload(upload("lesplan.pdf", docx_bytes())).extension == "docx"


def test_an_unknown_type_gets_a_dutch_message():
    with pytest.raises(CycleError, match="Dit bestandstype kan niet"):
        check_upload(upload("lesplan.pdf", b"MZ\x90\x00 not a pdf at all"))


def test_each_kind_has_its_own_size_limit(settings):
    settings.EVIDENCE_MAX_MB_DOCUMENT = 1
    big_pdf = PDF + b"0" * (1024 * 1024)
    with pytest.raises(CycleError, match="te groot.*1 MB"):
        check_upload(upload("lesplan.pdf", big_pdf))
    settings.EVIDENCE_MAX_MB_DOCUMENT = 2
    assert check_upload(upload("lesplan.pdf", big_pdf)).kind == "document"


def test_a_broken_photo_gets_a_dutch_message():
    with pytest.raises(CycleError, match="beschadigd"):
        check_upload(upload("klas.jpg", photo_bytes()[:200]))
