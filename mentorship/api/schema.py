from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mentorship.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Личный API-токен: `Token <ключ>` (создаётся на странице «API-токены»).",
        }


# Every answer an operation can give is in the schema, so a client (and schemathesis) knows
# them all: the errors below come from the authentication, the roles, the strict query
# parameters and validation, the tenant door (404 for missing and foreign alike), stale
# edits and throttling.
ERRORS = {
    "400": "Запрос не принят: неверные или неизвестные параметры, ошибки в данных "
    "(сообщения по полям, на русском).",
    "401": "Нет токена, или он недействителен или отозван.",
    "403": "Роль не позволяет это действие.",
    "404": "Запись не найдена или недоступна (ответ одинаков), либо нет такой страницы.",
    "409": "Запрос верен, но его не допускает текущее состояние данных (статус, уже "
    "существующая запись, нагрузка наставника) или запись изменена с тех пор, как её "
    "прочитали (If-Match): ничего не записано.",
    "429": "Слишком много запросов: повторите позже.",
}
ERROR_BODY = {
    "type": "object",
    "description": "«detail» с сообщением либо сообщения по полям запроса.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


# A required text must keep a visible character after the cleaning every text field does
# (``mentorship.text``: control characters removed, then trimmed), or it is refused as empty.
# The characters are listed rather than written «\s»: ECMA, Rust and Python regexes each
# mean different spaces by it, and a surrogate range is not a regex in Rust at all (a
# validator then ignores the whole pattern). This one agrees with the server on every
# character, which tests/api/test_schema_texts.py checks.
VISIBLE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufffe\uffff]"


def _visible_texts(schemas: dict) -> None:
    for name, component in schemas.items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            plain = not ({"enum", "format", "pattern", "$ref", "allOf", "oneOf"} & set(field))
            if field.get("type") == "string" and field.get("minLength", 0) >= 1 and plain:
                field["pattern"] = VISIBLE


def _one_of_body_required(operation: dict, schemas: dict) -> None:
    """A body that is one of several objects (a document request, by its kind) cannot be
    left out; drf-spectacular marks only a plain serializer's body as required."""
    body = operation.get("requestBody")
    if not body:
        return
    ref = body.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    if "oneOf" in schemas.get(ref.rsplit("/", 1)[-1], {}):
        body["required"] = True


def document_errors(result, generator, request, public):
    """Post-processing hook: add the error answers to every operation, and say which texts
    count as empty."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    _visible_texts(schemas)
    schemas["Error"] = ERROR_BODY
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            _one_of_body_required(operation, schemas)
            codes = ["400", "401", "403", "404", "429"]
            if method != "get":
                codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERRORS[code], "content": body})
    return result
