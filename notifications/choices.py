"""Choices of the to-do list and the reminders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TodoCategory(models.TextChoices):
    """What a line of 待办 is about; a user can mute a category's reminders (not the page)."""

    HAZARD = "hazard", _("Hazards overdue or due soon")
    REINSPECTION = "reinspection", _("Re-inspections due")
    KEY_ITEM = "key_item", _("Key vehicles and drivers past their time limit")
    WORK_ORDER = "work_order", _("Hotline work orders due")
    NOTICE_RECEIPT = "notice_receipt", _("Notices awaiting a delivery receipt")
    SUPERVISION = "supervision", _("Supervision notices due")
    SUPERVISED = "supervised", _("Hazards under supervision (挂牌督办) due")
    MONTH_APPROVAL = "month_approval", _("Months awaiting approval")
    RELIEF_RECOVERY = "relief_recovery", _("Relief fund recoveries overdue")
    ESCALATION = "escalation", _("Escalated: long overdue or under supervision")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the application")
    EMAIL = "email", _("Email")
    WECOM = "wecom", _("WeCom group robot")  # 企业微信
    DINGTALK = "dingtalk", _("DingTalk group robot")  # 钉钉
    SMS = "sms", _("SMS")


WEBHOOK_CHANNELS = (Channel.WECOM, Channel.DINGTALK)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
