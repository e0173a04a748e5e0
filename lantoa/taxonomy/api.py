"""API of the managed vocabularies: policy areas, target groups and content languages."""

from ninja import Router, Schema

from .selectors import content_languages, policy_areas, target_groups

router = Router(tags=["taxonomy"])


class TermOut(Schema):
    slug: str
    name: str
    name_en: str
    description: str


class TargetGroupOut(TermOut):
    audience_label: str
    audience_label_en: str


class LanguageOut(Schema):
    code: str
    name: str
    native_name: str
    is_minority: bool


@router.get("/policy-areas", response=list[TermOut], summary="Lĩnh vực chính sách (policy areas)")
def list_policy_areas(request):
    return policy_areas()


@router.get("/target-groups", response=list[TargetGroupOut], summary="Nhóm đối tượng (target groups)")
def list_target_groups(request):
    return target_groups()


@router.get("/languages", response=list[LanguageOut], summary="Ngôn ngữ nội dung (content languages)")
def list_languages(request):
    return content_languages()
