"""Demo tenants for ``alusta serve --demo`` (issue 5 item 7), modelled on the seed pages.

Three fictional controllers, each created as a processor operator would (with its first admin)
and filled by that admin through the same services the API uses, so every record is encrypted,
indexed and audit-logged. The people are the test identity provider's synthetic persons
(henkilötunnus individual numbers 900-999, ``example.test`` addresses), so they can log in.
Idempotent: a tenant whose Y-tunnus already exists is left as it is.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.auth.identifiers import parse_hetu
from alusta.auth.identity import IdentityVault, grant_processor_role
from alusta.auth.permissions import Caller, Permission, Role, TenantGrant
from alusta.crypto.keyring import load_keyring
from alusta.crypto.keys import KeyProvider
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy, tenant_session
from alusta.logs import get_logger
from alusta.settings import Settings
from alusta.tenants.records.service import create_record
from alusta.tenants.registers.schemas import RegisterIn
from alusta.tenants.registers.service import create_register
from alusta.tenants.retention.service import set_rule
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import KeyStore
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import MemberChange, NewTenant, SqlMembershipSource, create_tenant, put_member

log = get_logger("alusta.demo")


def _l(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


_RIGHTS = {
    "access": _l(
        "Voit tarkastaa tietosi kerran vuodessa maksutta; pyyntö vahvasti tunnistautuen tai kirjallisesti.",
        "Du kan granska dina uppgifter en gång per år avgiftsfritt; begäran med stark autentisering eller skriftligt.",
        "You may check your data once a year free of charge; ask with strong authentication or in writing.",
    ),
    "rectification": _l(
        "Virheellinen tieto korjataan pyynnöstä viipymättä.",
        "Felaktiga uppgifter rättas utan dröjsmål på begäran.",
        "Inaccurate data is corrected without delay on request.",
    ),
    "other_rights": _l(
        "Oikeus poistoon, käsittelyn rajoittamiseen, siirtoon, vastustamiseen ja suoramarkkinointikieltoon.",
        "Rätt till radering, begränsning, dataportabilitet, invändning och förbud mot direktmarknadsföring.",
        "Rights to erasure, restriction, portability, objection and to prohibit direct marketing.",
    ),
    "complaint_authority": _l(
        "Tietosuojavaltuutetun toimisto, tietosuoja.fi",
        "Dataombudsmannens byrå, tietosuoja.fi",
        "Office of the Data Protection Ombudsman, tietosuoja.fi",
    ),
    "transfers": _l(
        "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
        "Uppgifter överförs inte utanför EU eller EES.",
        "No data is transferred outside the EU or EEA.",
    ),
    "security": _l(
        "Tiedot salataan rekisterinpitäjäkohtaisella avaimella; pääsy vain nimetyillä käsittelijöillä.",
        "Uppgifterna krypteras med registeransvarigs egen nyckel; åtkomst endast för utsedda handläggare.",
        "Data is encrypted under the controller's own key; access for named staff only.",
    ),
}


@dataclass(frozen=True)
class DemoTenant:
    name: str
    business_id: str
    admin_key: str  # a synthetic person of the test identity provider
    register: dict[str, Any]
    records: list[dict[str, Any]]
    handler_key: str | None = None
    handler_explicit: tuple[Permission, ...] = ()
    retention_months: int | None = None  # a retention rule on the register (months after last change)


Texts = tuple[str, str, str]  # fi, sv, en: each notice text in all three languages (issue 11)


def _register(
    name: Texts, purpose: Texts, content: Texts, retention: Texts, fields: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "notice": {
            "register_name": _l(*name),
            "contact_person": "Tietosuojavastaava, tietosuoja@example.test",
            "purpose": _l(*purpose),
            "legal_basis": "contract",
            "data_content": _l(*content),
            "sources": _l("Rekisteröity itse.", "Den registrerade själv.", "The data subject."),
            "recipients": [{"name": "Laskutus Oy (esimerkki)", "purpose": _l("Laskutus", "Fakturering", "Invoicing")}],
            "retention": _l(*retention),
            **_RIGHTS,
        },
        "fields": fields,
    }


def demo_tenants() -> list[DemoTenant]:
    return [
        DemoTenant(
            name="Järvilinja Verkko Oy",
            business_id="1618033-3",
            admin_key="tessa",
            register=_register(
                ("Asiakasrekisteri", "Kundregister", "Customer register"),
                (
                    "Laajakaista- ja kuituliittymien asiakassuhteen hoito ja laskutus.",
                    "Skötsel och fakturering av kundrelationer för bredbands- och fiberanslutningar.",
                    "Managing and invoicing customer relationships for broadband and fibre connections.",
                ),
                (
                    "Nimi, osoite, sähköposti, puhelin, asiakasnumero, liittymätiedot.",
                    "Namn, adress, e-post, telefon, kundnummer, uppgifter om anslutningen.",
                    "Name, address, e-mail, phone, customer number, connection details.",
                ),
                (
                    "Asiakkuuden ajan ja kirjanpitolain mukaiset 6 vuotta.",
                    "Under kundrelationen och 6 år enligt bokföringslagen.",
                    "For the customer relationship and 6 years under the Accounting Act.",
                ),
                [
                    {
                        "name": "customer_number",
                        "type": "customer_number",
                        "classification": "identifier",
                        "identifies": "customer_number",
                        "required": True,
                    },
                    {"name": "name", "type": "text", "classification": "ordinary"},
                    {"name": "email", "type": "email", "classification": "contact", "identifies": "email"},
                    {"name": "phone", "type": "phone", "classification": "contact", "identifies": "phone"},
                    {"name": "secret_phone", "type": "phone", "classification": "non_disclosure"},
                ],
            ),
            records=[
                {
                    "customer_number": "JV-1001",
                    "name": "Yrjö Ypsilon",
                    "email": "yrjo@example.test",
                    "phone": "040 900 0001",
                },
                {
                    "customer_number": "JV-1002",
                    "name": "Xenia Äksä",
                    "email": "xenia@example.test",
                    "secret_phone": "040 900 0002",
                },
            ],
            handler_key="joni",
        ),
        DemoTenant(
            name="Hoivapalvelu Kuusikko Oy",
            business_id="1414213-0",
            admin_key="anna",
            register=_register(
                (
                    "Asiakasrekisteri (sosiaali- ja terveyspalvelut)",
                    "Kundregister (social- och hälsovårdstjänster)",
                    "Client register (social and health care services)",
                ),
                (
                    "Kotihoidon ja asumispalvelujen järjestäminen ja dokumentointi.",
                    "Ordnande och dokumentation av hemvård och boendeservice.",
                    "Arranging and documenting home care and housing services.",
                ),
                (
                    "Henkilötunnus, nimi, yhteystiedot, palvelutarve, terveystiedot (erityinen luokka).",
                    "Personbeteckning, namn, kontaktuppgifter, servicebehov, hälsouppgifter (särskild kategori).",
                    "Personal identity code, name, contact details, service need, health data (special category).",
                ),
                (
                    "Asiakasasiakirjalain (254/2015) mukaiset säilytysajat.",
                    "Förvaringstider enligt lagen om klienthandlingar (254/2015).",
                    "Retention periods under the Client Documents Act (254/2015).",
                ),
                [
                    {
                        "name": "hetu",
                        "type": "hetu",
                        "classification": "identifier",
                        "identifies": "hetu",
                        "required": True,
                    },
                    {"name": "name", "type": "text", "classification": "ordinary"},
                    {"name": "service_need", "type": "text", "classification": "ordinary"},
                    {"name": "health", "type": "text", "classification": "special_category"},
                ],
            ),
            records=[
                {
                    "hetu": "040594V9030",
                    "name": "Veikko Vee",
                    "service_need": "Kotihoito 2x päivässä",
                    "health": "Diabetes",
                },
                {"hetu": "050594U903M", "name": "Ulla Uu", "service_need": "Ateriapalvelu", "health": "Muistisairaus"},
            ],
            handler_key="wilma",
            handler_explicit=(Permission.TENANT_SPECIAL_CATEGORY_READ,),
        ),
        DemoTenant(
            name="Pohjoisrannan Asiakaspalvelu Oy",
            business_id="1732050-2",
            admin_key="bea",
            register=_register(
                (
                    "Asiakaspalvelun yhteydenottorekisteri",
                    "Kundtjänstens kontaktregister",
                    "Customer service contact register",
                ),
                (
                    "Puhelimitse, tekstiviestillä, sähköpostilla ja lomakkeilla tulevien yhteydenottojen käsittely.",
                    "Behandling av kontakter som kommer per telefon, sms, e-post och formulär.",
                    "Handling contacts that arrive by phone, text message, e-mail and forms.",
                ),
                (
                    "Nimi, yhteystiedot, yhteydenoton sisältö ja ajankohta.",
                    "Namn, kontaktuppgifter, kontaktens innehåll och tidpunkt.",
                    "Name, contact details, the content and time of the contact.",
                ),
                (
                    (
                        "18 kuukautta käsittelyn päättymisestä; sen jälkeen henkilötiedot poistetaan ja vain "
                        "anonyymit tilastot säilyvät."
                    ),
                    (
                        "18 månader från att ärendet avslutats; därefter raderas personuppgifterna och endast "
                        "anonym statistik sparas."
                    ),
                    (
                        "18 months after handling ends; then the personal data is deleted and only anonymous "
                        "statistics are kept."
                    ),
                ),
                [
                    {"name": "email", "type": "email", "classification": "contact", "identifies": "email"},
                    {"name": "phone", "type": "phone", "classification": "contact", "identifies": "phone"},
                    {"name": "name", "type": "text", "classification": "ordinary"},
                    {"name": "contact_date", "type": "date", "classification": "ordinary", "required": True},
                    {"name": "summary", "type": "text", "classification": "ordinary"},
                ],
            ),
            records=[
                {
                    "email": "celia@example.test",
                    "name": "Celia Cee",
                    "contact_date": "2026-10-01",
                    "summary": "Laskun eräpäivän siirto",
                },
                {
                    "phone": "040 900 0003",
                    "name": "Daniel Dee",
                    "contact_date": "2026-11-02",
                    "summary": "Osoitemuutos",
                },
            ],
            retention_months=18,  # the contact-register seed: 18 months after handling
        ),
    ]


async def _fill(
    sessionmaker: async_sessionmaker[AsyncSession],
    provider: KeyProvider,
    tenant_id: int,
    demo: DemoTenant,
    people: list[int],
) -> None:
    admin, handler = people[0], (people[1] if len(people) > 1 else None)
    import msgspec  # noqa: PLC0415

    async with tenant_session(sessionmaker, tenant_id, admin) as session:
        grant = TenantGrant(role=Role.TENANT_ADMIN)
        ctx = TenantContext(
            session=session,
            tenant_id=tenant_id,
            caller=Caller(identity_id=admin, loa="loa3", tenant_grants={tenant_id: grant}),
            grant=grant,
            keys=KeyStore(session, provider),
            allow_synthetic=True,
        )
        register, _version = await create_register(ctx, msgspec.convert(demo.register, RegisterIn))
        for values in demo.records:
            await create_record(ctx, register.id, values)
        if demo.retention_months is not None:
            await set_rule(ctx, register.id, demo.retention_months)
        if handler is not None:
            change = MemberChange(Role.TENANT_HANDLER, None, list(demo.handler_explicit))
            await put_member(ctx, handler, change)


async def seed_demo_async(settings: Settings) -> list[int]:
    """Create the demo tenants that do not exist yet; returns the ids of those created."""
    from alusta.auth.testidp.identities import PERSONS_BY_KEY  # noqa: PLC0415 - development only
    from alusta.tenants.tenancy.keys import build_key_provider  # noqa: PLC0415

    if settings.is_production or settings.key_file is None:
        raise RuntimeError("demo data is refused in production")
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    sessionmaker = build_sessionmaker(engine)
    provider = build_key_provider(settings)
    vault = IdentityVault(load_keyring(settings.key_file, require_private_mode=False))
    created = []
    try:
        for demo in demo_tenants():
            async with sessionmaker() as session:
                exists = await session.execute(select(Tenant.id).where(Tenant.business_id == demo.business_id))
                if exists.scalar_one_or_none() is not None:
                    continue
                people = [demo.admin_key] + ([demo.handler_key] if demo.handler_key else [])
                # Staff get their test-IdP names now, so the staff page names them before they log in.
                persons = [PERSONS_BY_KEY[k] for k in people]
                ids = [
                    (
                        await vault.upsert(
                            session,
                            parse_hetu(person.hetu, allow_synthetic=True),
                            f"{person.given_name} {person.family_name}",
                        )
                    ).id
                    for person in persons
                ]
                await session.commit()
            data = NewTenant(demo.name, demo.business_id, "tietosuoja@example.test", "dpo@example.test")
            tenant = await create_tenant(sessionmaker, provider, data, ids[0])
            await _fill(sessionmaker, provider, tenant.id, demo, ids)
            log.info("demo_tenant_created", tenant_id=tenant.id)
            created.append(tenant.id)
        await _processor_staff(sessionmaker, vault)
    finally:
        await engine.dispose()
    return created


# The processor's own demo personas (issue 13 point 5): Eemeli at the support desk, Fanni an operator.
PROCESSOR_PERSONAS = (("eemeli", Role.SUPPORT_DESK), ("fanni", Role.OPERATOR))


async def _processor_staff(sessionmaker: async_sessionmaker[AsyncSession], vault: IdentityVault) -> None:
    """Grant the processor personas their role (idempotent; refused for a tenant member, rule 2)."""
    from alusta.auth.testidp.identities import PERSONS_BY_KEY  # noqa: PLC0415 - development only

    async with sessionmaker() as session:
        for key, role in PROCESSOR_PERSONAS:
            person = PERSONS_BY_KEY[key]
            name = f"{person.given_name} {person.family_name}"
            identity = await vault.upsert(session, parse_hetu(person.hetu, allow_synthetic=True), name)
            await grant_processor_role(session, identity.id, role, SqlMembershipSource())
        await session.commit()


def seed_demo(settings: Settings) -> list[int]:
    import asyncio  # noqa: PLC0415

    return asyncio.run(seed_demo_async(settings))
