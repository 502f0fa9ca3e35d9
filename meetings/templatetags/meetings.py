from django import template

register = template.Library()


@register.filter
def may_edit_action(action, person) -> bool:
    return action.may_edit(person)
