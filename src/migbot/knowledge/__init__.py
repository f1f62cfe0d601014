"""The data layer: pydantic models, the YAML loader and country names."""

from migbot.knowledge.loader import KnowledgeBase, KnowledgeError, Problem, load_knowledge
from migbot.knowledge.models import Dialogue, Project, Record

__all__ = [
    "Dialogue",
    "KnowledgeBase",
    "KnowledgeError",
    "Problem",
    "Project",
    "Record",
    "load_knowledge",
]
