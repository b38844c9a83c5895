"""The architecture page's picture is drawn from the import contracts and kept in step with them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONTRACTS = """
[importlinter]
root_package = shop

[importlinter:contract:layers]
name = Apps depend downwards only
type = layers
layers =
    shop.web | shop.admin
    shop.orders
    (shop.stock)
    shop.common

[importlinter:contract:pure]
name = Pure modules
type = forbidden
source_modules =
    shop.orders.pricing
forbidden_modules =
    django
"""


def _picture_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "architecture_picture", ROOT / "scripts" / "architecture_picture.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_layers_are_read_top_first_with_siblings_together() -> None:
    picture = _picture_module()
    contracts = picture.read_contracts(CONTRACTS)
    assert contracts.layers == [["web", "admin"], ["orders"], ["stock"], ["common"]]
    assert contracts.pure_modules == ["orders.pricing"]


def test_the_drawing_shows_every_layer_in_order_and_the_pure_modules() -> None:
    picture = _picture_module()
    drawing = picture.draw(picture.read_contracts(CONTRACTS))
    positions = [drawing.index(name) for name in ("web | admin", "orders", "stock", "common")]
    assert positions == sorted(positions)
    assert "- `orders.pricing`" in drawing
    assert drawing.startswith(picture.BEGIN)
    assert drawing.endswith(picture.END)


def test_a_config_without_layers_is_refused() -> None:
    picture = _picture_module()
    with pytest.raises(SystemExit, match="no layers contract"):
        picture.read_contracts("[importlinter]\nroot_package = shop\n")


def test_only_the_text_between_the_markers_is_replaced() -> None:
    picture = _picture_module()
    page = f"intro\n{picture.BEGIN}\nold\n{picture.END}\noutro\n"
    assert picture.replace_picture(page, "NEW") == "intro\nNEW\noutro\n"


def test_the_architecture_page_shows_the_enforced_contracts() -> None:
    picture = _picture_module()
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    contracts = picture.read_contracts((ROOT / ".importlinter").read_text(encoding="utf-8"))
    assert picture.replace_picture(page, picture.draw(contracts)) == page
