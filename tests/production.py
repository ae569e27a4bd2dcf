"""A production configuration that passes every startup check, for tests to vary."""

from __future__ import annotations

from config import ProductionConfig


class SafeProduction(ProductionConfig):
    SECRET_KEY = "k" * 32
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    ALLOW_SQLITE_IN_PRODUCTION = True
    SITE_URL = "https://shop.rooyesh.test"
    RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
    JOB_QUEUE_URL = "redis://127.0.0.1:6379/0"
    ZARINPAL_MERCHANT_ID = "00000000-0000-0000-0000-000000000000"
    ZARINPAL_API_URL = "https://payment.zarinpal.com/pg/v4/payment"
    ZARINPAL_STARTPAY_URL = "https://payment.zarinpal.com/pg/StartPay"
    BANK_SHEBA = "IR820540102680020817909002"  # a valid check, not the example account
    SMS_PROVIDER = "marketplace.notifications.kavenegar:KavenegarSms"
    KAVENEGAR_API_KEY = "0000-test-key"
    KAVENEGAR_SENDER = "10004346"
    BANK_ACCOUNT_HOLDER = "سازمان بازآفرینی شهرداری مشهد"
