"""Titles of problem types (RFC 9457 ``title``: a short, human-readable summary of the type).

One entry per problem code a person can meet, in Finnish, Swedish and English. The ``detail``
member may add technical specifics (a field name); the title is what a person reads first.
Codes without an entry fall back to the title of their HTTP status (``alusta.i18n.MESSAGES``).
"""

from alusta.i18n import Lang

F, S, E = Lang.FI, Lang.SV, Lang.EN

PROBLEM_TITLES: dict[str, dict[Lang, str]] = {
    "metrics_token_required": {
        F: "Mittaritiedot vaativat voimassa olevan tunnisteen (Bearer).",
        S: "Mätvärdena kräver en giltig token (Bearer).",
        E: "The metrics require a valid bearer token.",
    },
    "malformed_file": {F: "Tiedostoa ei voitu lukea.", S: "Filen kunde inte läsas.", E: "The file could not be read."},
    "too_many_rows": {
        F: "Tiedostossa on liikaa rivejä.",
        S: "Filen har för många rader.",
        E: "The file has too many rows.",
    },
    "import_rejected": {
        F: "Tuonti hylättiin; mitään ei tallennettu.",
        S: "Importen avvisades; ingenting sparades.",
        E: "The import was rejected; nothing was stored.",
    },
    "unknown_field": {F: "Tuntematon kenttä.", S: "Okänt fält.", E: "Unknown field."},
    "required": {
        F: "Pakollinen tieto puuttuu.",
        S: "En obligatorisk uppgift saknas.",
        E: "A required value is missing.",
    },
    "invalid_value": {F: "Virheellinen arvo.", S: "Ogiltigt värde.", E: "Invalid value."},
    "invalid_values": {F: "Virheellisiä arvoja.", S: "Ogiltiga värden.", E: "Invalid values."},
    "values_required": {F: "Arvot puuttuvat.", S: "Värden saknas.", E: "Values are missing."},
    "invalid_hetu": {
        F: "Virheellinen henkilötunnus.",
        S: "Ogiltig personbeteckning.",
        E: "Invalid personal identity code.",
    },
    "invalid_register": {
        F: "Rekisterin määrittely on virheellinen.",
        S: "Registrets definition är ogiltig.",
        E: "The register definition is not valid.",
    },
    "invalid_retention_rule": {
        F: "Säilytysaika on sallitun rajan ulkopuolella.",
        S: "Lagringstiden ligger utanför det tillåtna intervallet.",
        E: "The retention period is outside the allowed range.",
    },
    "tenant_suspended": {
        F: "Rekisterinpitäjän palvelunkäyttö on keskeytetty.",
        S: "Den personuppgiftsansvariges användning av tjänsten är avbruten.",
        E: "The controller's use of the platform is suspended.",
    },
    "tenant_offboarding": {
        F: "Rekisterinpitäjä on poistumassa palvelusta: tietoja voi vain lukea.",
        S: "Den personuppgiftsansvarige lämnar tjänsten: uppgifterna kan endast läsas.",
        E: "The controller is leaving the platform: data can only be read.",
    },
    "record_restricted": {
        F: "Tiedon käsittelyä on rajoitettu: sitä ei voi muuttaa eikä poistaa.",
        S: "Behandlingen av uppgiften är begränsad: den kan inte ändras eller raderas.",
        E: "Processing of this record is restricted: it cannot be changed or deleted.",
    },
    "last_admin": {
        F: "Rekisterinpitäjän viimeistä pääkäyttäjää ei voi poistaa.",
        S: "Den personuppgiftsansvariges sista administratör kan inte tas bort.",
        E: "The controller's last administrator cannot be removed.",
    },
    "processor_identity": {
        F: "Palveluntarjoajan henkilöstölle ei voi antaa rekisterinpitäjän roolia.",
        S: "Personuppgiftsbiträdets personal kan inte få en roll hos den personuppgiftsansvarige.",
        E: "The processor's staff cannot be given a role at a controller.",
    },
    "unsupported_media_type": {
        F: "Sisältötyyppiä ei tueta.",
        S: "Innehållstypen stöds inte.",
        E: "This content type is not supported.",
    },
    "csrf_failed": {
        F: "Lomakkeen tarkiste puuttui tai oli väärä. Lataa sivu uudelleen.",
        S: "Formulärets kontrollvärde saknades eller var fel. Ladda om sidan.",
        E: "The form check token was missing or wrong. Reload the page.",
    },
    "not_logged_in": {F: "Kirjaudu ensin sisään.", S: "Logga in först.", E: "Please log in first."},
    "strong_login_required": {
        F: "Tämä vaatii vahvan tunnistautumisen.",
        S: "Detta kräver stark autentisering.",
        E: "This requires strong authentication.",
    },
    "loa_insufficient": {
        F: "Rekisterinpitäjä edellyttää korkeaa varmuustasoa. Tunnistaudu uudelleen.",
        S: "Den personuppgiftsansvarige kräver hög tillförlitlighetsnivå. Logga in på nytt.",
        E: "The controller requires a high level of assurance. Please log in again.",
    },
    "unknown_controller": {
        F: "Rekisterinpitäjää ei löydy palvelusta.",
        S: "Den personuppgiftsansvarige finns inte i tjänsten.",
        E: "No such controller on the platform.",
    },
    "unknown_register": {
        F: "Rekisterinpitäjällä ei ole tällaista rekisteriä.",
        S: "Den personuppgiftsansvarige har inget sådant register.",
        E: "The controller has no such register.",
    },
    "register_needs_one_controller": {
        F: "Rekisterin voi valita vain, kun pyyntö osoitetaan yhdelle rekisterinpitäjälle.",
        S: "Ett register kan väljas endast när begäran riktas till en personuppgiftsansvarig.",
        E: "A register can be named only when the request goes to one controller.",
    },
    "received_in_future": {
        F: "Vastaanottoaika ei voi olla tulevaisuudessa.",
        S: "Mottagningstiden kan inte ligga i framtiden.",
        E: "The time of receipt cannot be in the future.",
    },
    "received_too_old": {
        F: "Vastaanottoaika on yli 60 päivää sitten.",
        S: "Mottagningstiden ligger mer än 60 dagar bakåt.",
        E: "The time of receipt is more than 60 days ago.",
    },
    "request_closed": {
        F: "Pyyntö on jo käsitelty.",
        S: "Begäran är redan avslutad.",
        E: "The request is already closed.",
    },
    "transition_refused": {
        F: "Pyyntöä ei voi siirtää tähän tilaan.",
        S: "Begäran kan inte flyttas till detta läge.",
        E: "The request cannot move to this state.",
    },
    "extension_refused": {
        F: "Määräaikaa ei voi jatkaa (vain kerran, perustellen ja ensimmäisen kuukauden aikana).",
        S: "Tidsfristen kan inte förlängas (endast en gång, med motivering och inom den första månaden).",
        E: "The deadline cannot be extended (once only, with reasons, within the first month).",
    },
    "reasons_required": {F: "Perustelut puuttuvat.", S: "Motivering saknas.", E: "Reasons are required."},
    "identity_not_verified": {
        F: "Pyytäjän henkilöllisyyttä ei ole vielä varmistettu.",
        S: "Den begärandes identitet har ännu inte verifierats.",
        E: "The requester's identity has not been verified yet.",
    },
    "wrong_answer_type": {
        F: "Tämä vastaustapa ei sovi pyynnön tyyppiin.",
        S: "Detta svarssätt passar inte begärans typ.",
        E: "This kind of answer does not fit the request type.",
    },
    "not_reviewable": {
        F: "Vastausta ei voi enää tarkastaa.",
        S: "Svaret kan inte längre granskas.",
        E: "The answer can no longer be reviewed.",
    },
    "not_a_refusal": {
        F: "Tämä ei ole kieltäytymisperuste.",
        S: "Detta är inte ett avslagsskäl.",
        E: "This is not a refusal reason.",
    },
    "link_expired": {
        F: "Latauslinkki on vanhentunut.",
        S: "Nedladdningslänken har gått ut.",
        E: "The download link has expired.",
    },
    "attachment_empty": {F: "Liite on tyhjä.", S: "Bilagan är tom.", E: "The attachment is empty."},
    "attachment_too_large": {F: "Liite on liian suuri.", S: "Bilagan är för stor.", E: "The attachment is too large."},
    "attachment_type": {
        F: "Sallitut liitteet ovat PDF, PNG, JPEG ja teksti.",
        S: "Tillåtna bilagor är PDF, PNG, JPEG och text.",
        E: "Allowed attachments are PDF, PNG, JPEG and plain text.",
    },
    "attachment_type_mismatch": {
        F: "Liitteen ilmoitettu tyyppi ei vastaa sisältöä.",
        S: "Bilagans angivna typ motsvarar inte innehållet.",
        E: "The attachment's declared type does not match its content.",
    },
    "attachment_extension": {
        F: "Tiedostonimen pääte ei vastaa sisältöä.",
        S: "Filnamnets ändelse motsvarar inte innehållet.",
        E: "The file name extension does not match the content.",
    },
    "too_many_attachments": {
        F: "Pyynnössä on jo enimmäismäärä liitteitä.",
        S: "Begäran har redan det högsta antalet bilagor.",
        E: "The request already has the maximum number of attachments.",
    },
    "attachment_infected": {
        F: "Virustarkistus hylkäsi liitteen.",
        S: "Virusskanningen avvisade bilagan.",
        E: "The virus scanner refused the attachment.",
    },
    "scanner_unavailable": {
        F: "Liitteitä ei voi nyt vastaanottaa, koska virustarkistus ei ole käytettävissä.",
        S: "Bilagor kan inte tas emot nu eftersom virusskanningen inte är tillgänglig.",
        E: "Attachments cannot be accepted now: the virus scanner is unavailable.",
    },
    "json_too_deep": {
        F: "JSON-sisältö on liian syvälle sisäkkäistetty.",
        S: "JSON-innehållet är nästlat för djupt.",
        E: "The JSON content is nested too deeply.",
    },
    "forbidden_characters": {
        F: "Tekstissä on ohjausmerkkejä tai tekstin suuntaa muuttavia merkkejä, joita ei sallita.",
        S: "Texten innehåller styrtecken eller tecken som ändrar textriktningen, vilka inte är tillåtna.",
        E: "The text contains control or text-direction override characters, which are not allowed.",
    },
    "synthetic_hetu_only": {
        F: "Testi- ja kehitysympäristössä sallitaan vain keinotekoiset henkilötunnukset (yksilönumero 900-999).",
        S: "I test- och utvecklingsmiljön tillåts endast konstgjorda personbeteckningar (individnummer 900-999).",
        E: "Outside production only synthetic personal identity codes (individual number 900-999) are accepted.",
    },
    "database_unavailable": {
        F: "Tietokantaan ei juuri nyt saada yhteyttä. Yritä hetken kuluttua uudelleen.",
        S: "Databasen kan inte nås just nu. Försök igen om en stund.",
        E: "The database cannot be reached right now. Please try again shortly.",
    },
    # Data-subject request rules (issue 14).
    "invalid_identifier": {
        F: "Annettu tunniste (sähköposti, puhelinnumero tai asiakasnumero) on virheellinen.",
        S: "Den angivna identifieraren (e-post, telefonnummer eller kundnummer) är ogiltig.",
        E: "The identifier given (e-mail, phone number or customer number) is invalid.",
    },
    "invalid_period": {
        F: "Ajanjakson alku on sen lopun jälkeen.",
        S: "Periodens början ligger efter dess slut.",
        E: "The period starts after it ends.",
    },
    "not_restricted": {
        F: "Pyyntö ei ole rajoittanut käsittelyä.",
        S: "Begäran har inte begränsat behandlingen.",
        E: "The request placed no restriction.",
    },
    "already_announced": {
        F: "Rekisteröidylle on jo kerrottu rajoituksen poistamisesta.",
        S: "Den registrerade har redan informerats om att begränsningen hävs.",
        E: "The data subject has already been told that the restriction will be lifted.",
    },
    "lift_not_announced": {
        F: "Rekisteröidylle on kerrottava ennen kuin rajoitus poistetaan (18 artiklan 3 kohta).",
        S: "Den registrerade måste informeras innan begränsningen hävs (artikel 18.3).",
        E: "The data subject must be told before the restriction is lifted (Article 18(3)).",
    },
    "unknown_record": {
        F: "Lisättyä tietuetta ei ole valituissa rekistereissä.",
        S: "Den tillagda posten finns inte i de valda registren.",
        E: "The added record is not in the chosen registers.",
    },
}
