"""Copy each scenario's materials (a plain many-to-many of page ids) into ordered `ScenarioMaterial` links.

The links keep the order the ids had (ascending), which is the order the scenario revisions stored, so no
adaptation sees a "template changed" notice from this copy. Going back copies the links into the plain relation.
"""

from django.db import migrations


def ids_to_links(apps, schema_editor):
    Scenario = apps.get_model("planning", "Scenario")
    ScenarioMaterial = apps.get_model("planning", "ScenarioMaterial")
    Through = Scenario.materials.through
    links, position = [], {}
    for scenario_id, page_id in Through.objects.order_by("scenario_id", "page_id").values_list("scenario_id", "page_id"):
        order = position[scenario_id] = position.get(scenario_id, -1) + 1
        links.append(ScenarioMaterial(scenario_id=scenario_id, page_id=page_id, sort_order=order))
    existing = set(ScenarioMaterial.objects.values_list("scenario_id", "page_id"))
    ScenarioMaterial.objects.bulk_create(
        [link for link in links if (link.scenario_id, link.page_id) not in existing], batch_size=500
    )


def links_to_ids(apps, schema_editor):
    Scenario = apps.get_model("planning", "Scenario")
    ScenarioMaterial = apps.get_model("planning", "ScenarioMaterial")
    Through = Scenario.materials.through
    existing = set(Through.objects.values_list("scenario_id", "page_id"))
    Through.objects.bulk_create(
        [
            Through(scenario_id=scenario_id, page_id=page_id)
            for scenario_id, page_id in ScenarioMaterial.objects.values_list("scenario_id", "page_id")
            if (scenario_id, page_id) not in existing
        ],
        batch_size=500,
    )
    ScenarioMaterial.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_scenario_material")]

    operations = [migrations.RunPython(ids_to_links, links_to_ids)]
