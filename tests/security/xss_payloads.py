"""A corpus of well-known XSS payloads, each wired to a sentinel instead of alert().

Every payload, if a browser ever ran it, calls ``__xss(<its id>)`` (or, for a
few, ``alert``/``confirm``/``prompt`` with its id, so the browser's dialog is a
second detector). The browser tests install ``window.__xss`` before any page
script runs and fail if it is ever called.

Sources of the shapes: the OWASP XSS Filter Evasion Cheat Sheet, PortSwigger's
XSS cheat sheet, the classic polyglots (0xsobky, Ashar Javed) and mXSS/DOMPurify
bypasses, plus the contexts of this site: Arabic text, bidi controls, and template
syntax (Django, Jinja, AngularJS) that must never be evaluated.

Placeholders, filled per payload: CALL (``__xss(id)``), ID, ENT_CALL / HEX_CALL
(the call as decimal / hex HTML entities), B64_CALL (base64 of the call),
B64_SCRIPT (base64 of ``<script>parent.__xss(id)</script>``), CODES (the call's
character codes, for String.fromCharCode).
"""

import base64
import re
from dataclasses import dataclass

NUL, RLO, PDF, LRI, RLI, PDI, RLM, LRM, ZWSP, BOM = (
    "\x00",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2069",
    "\u200f",
    "\u200e",
    "\u200b",
    "\ufeff",
)

# Templates, one per known payload shape. ⟪NAME⟫ marks a placeholder (a bracket no payload uses).
TEMPLATES = [
    # --- script elements, case and spacing variants
    "<script>⟪CALL⟫</script>",
    "<SCRIPT>⟪CALL⟫</SCRIPT>",
    "<ScRiPt>⟪CALL⟫</sCrIpT>",
    '<script type="text/javascript">⟪CALL⟫;</script>',
    "<script >⟪CALL⟫</script >",
    "<script/xss>⟪CALL⟫</script>",
    '<script src="data:text/javascript,⟪CALL⟫"></script>',
    "<script src=data:,⟪CALL⟫></script>",
    "<scr<script>ipt>⟪CALL⟫</scr</script>ipt>",
    "<<script>⟪CALL⟫//<</script>",
    "<script>eval('⟪CALL⟫')</script>",
    "<script>setTimeout('⟪CALL⟫')</script>",
    "<script>[].constructor.constructor('⟪CALL⟫')()</script>",
    "<script>window['__xss'](⟪ID⟫)</script>",
    "<script>top['__x'+'ss'](⟪ID⟫)</script>",
    "<script>eval(atob('⟪B64_CALL⟫'))</script>",
    "<script>eval(String.fromCharCode(⟪CODES⟫))</script>",
    r"<script>\u005f_xss(⟪ID⟫)</script>",
    "<script>location='javascript:⟪CALL⟫'</script>",
    '"><script>⟪CALL⟫</script>',
    "'><script>⟪CALL⟫</script>",
    "</script><script>⟪CALL⟫</script>",
    # --- img and its event handlers
    "<img src=x onerror=⟪CALL⟫>",
    "<IMG SRC=x ONERROR=⟪CALL⟫>",
    "<img src=x oNeRrOr=⟪CALL⟫>",
    '<img src="x" onerror="⟪CALL⟫">',
    "<img src='x' onerror='⟪CALL⟫'>",
    "<img src=x onerror=⟪CALL⟫//",
    "<img/src=x/onerror=⟪CALL⟫>",
    "<img src=x:x onerror=javascript:⟪CALL⟫>",
    '<img src=1 href=1 onerror="javascript:⟪CALL⟫"></img>',
    "<img src=x onerror=⟪ENT_CALL⟫>",
    "<img src=x onerror=⟪HEX_CALL⟫>",
    '<img src=x onerror="&#0000095;_xss(⟪ID⟫)">',
    r"<img src=x onerror=eval('\x5f_xss(⟪ID⟫)')>",
    '<img """><script>⟪CALL⟫</script>">',
    "<img src=`x`onerror=⟪CALL⟫>",
    "<img src=x onload=⟪CALL⟫ onerror=⟪CALL⟫>",
    '<img src="javascript:⟪CALL⟫">',
    '<img dynsrc="javascript:⟪CALL⟫">',
    '<img lowsrc="javascript:⟪CALL⟫">',
    r"<img src=x onerror=\u005f_xss(⟪ID⟫)>",
    "<image src=x onerror=⟪CALL⟫>",
    "<img src=x onerror=this.ownerDocument.defaultView.__xss(⟪ID⟫)>",
    "<img src=x onerror=top[/__xss/.source](⟪ID⟫)>",
    "<img src=x onerror=(__xss)(⟪ID⟫)>",
    "<img src=x onerror=__xss?.(⟪ID⟫)>",
    "<img src=x onerror=[⟪ID⟫].map(__xss)>",
    "<img src=x onerror=Function('⟪CALL⟫')()>",
    "<img src=x onerror=import('data:text/javascript,⟪CALL⟫')>",
    "<img src=x onerror=\"window['__'+'xss'](⟪ID⟫)\">",
    "<img src=x onerror=⟪CALL⟫&NewLine;>",
    "<input type=image src=x onerror=⟪CALL⟫>",
    # --- svg and math
    "<svg onload=⟪CALL⟫>",
    "<svg/onload=⟪CALL⟫>",
    "<SVG ONLOAD=⟪CALL⟫>",
    "<svg><script>⟪CALL⟫</script></svg>",
    '<svg><script href="data:,⟪CALL⟫" />',
    "<svg><script>&#95;_xss(⟪ID⟫)</script>",
    "<svg><animate onbegin=⟪CALL⟫ attributeName=x dur=1s>",
    "<svg><set onbegin=⟪CALL⟫ attributename=x to=1>",
    "<svg><a><animate attributeName=href values=javascript:⟪CALL⟫ /><text x=20 y=20>x</text></a>",
    "<svg><image href=x onerror=⟪CALL⟫ />",
    "<svg><style>{font-family:'<iframe/onload=⟪CALL⟫>'}</style>",
    "<svg><desc><![CDATA[</desc><script>⟪CALL⟫</script>]]></svg>",
    "<svg><svg onload=⟪CALL⟫>",
    "<svg%0Aonload=⟪CALL⟫>",
    "<svg onload=setTimeout`⟪CALL⟫`>",
    "<math><mtext><table><mglyph><style><img src=x onerror=⟪CALL⟫>",
    "<math><maction actiontype=statusline xlink:href=javascript:⟪CALL⟫>x</maction></math>",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=⟪CALL⟫>",
    # --- body, iframe, details, media and other elements
    "<body onload=⟪CALL⟫>",
    "<body/onload=⟪CALL⟫>",
    "<body onpageshow=⟪CALL⟫>",
    '<iframe src="javascript:parent.⟪CALL⟫"></iframe>',
    '<iframe srcdoc="<img src=x onerror=parent.⟪CALL⟫>"></iframe>',
    '<iframe srcdoc="&lt;script&gt;parent.⟪CALL⟫&lt;/script&gt;"></iframe>',
    "<iframe onload=⟪CALL⟫></iframe>",
    '<iframe src="data:text/html;base64,⟪B64_SCRIPT⟫"></iframe>',
    "<details open ontoggle=⟪CALL⟫>",
    "<details/open/ontoggle=⟪CALL⟫>",
    "<DETAILS OPEN ONTOGGLE=⟪CALL⟫>",
    "<video src=x onerror=⟪CALL⟫>",
    "<video><source onerror=⟪CALL⟫></video>",
    "<audio src=x onerror=⟪CALL⟫>",
    "<video poster=javascript:⟪CALL⟫//></video>",
    "<input autofocus onfocus=⟪CALL⟫>",
    "<input onblur=⟪CALL⟫ autofocus><input autofocus>",
    "<select autofocus onfocus=⟪CALL⟫>",
    "<textarea autofocus onfocus=⟪CALL⟫>",
    "<keygen autofocus onfocus=⟪CALL⟫>",
    "<xss autofocus tabindex=1 onfocus=⟪CALL⟫></xss>",
    "<a id=x tabindex=1 onfocusin=⟪CALL⟫ autofocus>x</a>",
    "<marquee onstart=⟪CALL⟫>x</marquee>",
    '<div onmouseover=⟪CALL⟫ style="position:fixed;inset:0">x</div>',
    '<style>@keyframes x{}</style><div style="animation-name:x" onanimationstart=⟪CALL⟫></div>',
    '<object data="javascript:⟪CALL⟫">',
    '<object type="text/html" data="javascript:⟪CALL⟫"></object>',
    "<object data=x onerror=⟪CALL⟫>",
    '<embed src="javascript:⟪CALL⟫">',
    "<form><button formaction=javascript:⟪CALL⟫>x</button></form>",
    "<isindex type=image src=1 onerror=⟪CALL⟫>",
    "<style onload=⟪CALL⟫></style>",
    "<link rel=stylesheet href=x onerror=⟪CALL⟫>",
    '<meta http-equiv="refresh" content="0;url=javascript:⟪CALL⟫">',
    '<base href="javascript:⟪CALL⟫//">',
    '<table background="javascript:⟪CALL⟫">',
    "<frameset onload=⟪CALL⟫>",
    "<template><img src=x onerror=⟪CALL⟫></template>",
    '<noscript><p title="</noscript><img src=x onerror=⟪CALL⟫>">',
    '<!--<img src="--><img src=x onerror=⟪CALL⟫//">',
    "<![CDATA[<script>⟪CALL⟫</script>]]>",
    '<? foo="><script>⟪CALL⟫</script>">',
    '<a href="javascript:⟪CALL⟫">x</a>',
    '<a href="javas&#99;ript:⟪CALL⟫">x</a>',
    '<a href=" &#14;  javascript:⟪CALL⟫">x</a>',
    "<a href=javascript&colon;⟪CALL⟫>x</a>",
    '<a href="data:text/html;base64,⟪B64_SCRIPT⟫">x</a>',
    "<div v-html=\"'<img src=x onerror=⟪CALL⟫>'\"></div>",
    # --- javascript: and data: URLs (for any link or URL field)
    "javascript:⟪CALL⟫",
    "JaVaScRiPt:⟪CALL⟫",
    "javascript://%0a⟪CALL⟫",
    "java\tscript:⟪CALL⟫",
    "java&#x09;script:⟪CALL⟫",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;⟪CALL⟫",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;⟪CALL⟫",
    "\x0bjavascript:⟪CALL⟫",
    "data:text/html,<script>⟪CALL⟫</script>",
    "data:text/html;base64,⟪B64_SCRIPT⟫",
    "[x](javascript:⟪CALL⟫)",
    '![x](x" onerror="⟪CALL⟫)',
    # --- attribute breakouts
    '" onmouseover="⟪CALL⟫',
    "' onmouseover='⟪CALL⟫",
    '" autofocus onfocus="⟪CALL⟫',
    "' autofocus onfocus='⟪CALL⟫' x='",
    '"><img src=x onerror=⟪CALL⟫>',
    "'><img src=x onerror=⟪CALL⟫>",
    "`><img src=x onerror=⟪CALL⟫>",
    '" onfocus=⟪CALL⟫ autofocus x="',
    '"/><svg onload=⟪CALL⟫>',
    '" style="animation-name:x" onanimationstart="⟪CALL⟫',
    '"onmouseover=⟪CALL⟫//',
    '"><iframe srcdoc="<script>parent.⟪CALL⟫</script>">',
    '" accesskey="x" onclick="⟪CALL⟫',
    "x' onerror='⟪CALL⟫' src='y",
    # --- encoded variants (must come out as the same text, never decoded twice)
    "&quot;&gt;&lt;img src=x onerror=⟪CALL⟫&gt;",
    "%22%3E%3Cimg%20src%3Dx%20onerror%3D⟪CALL⟫%3E",
    "%3Cscript%3E⟪CALL⟫%3C%2Fscript%3E",
    "%253Cscript%253E⟪CALL⟫%253C%252Fscript%253E",
    r"\x3cscript\x3e⟪CALL⟫\x3c/script\x3e",
    r"\u003cimg src=x onerror=⟪CALL⟫\u003e",
    "&lt;script&gt;⟪CALL⟫&lt;/script&gt;",
    "&#60;img src=x onerror=⟪CALL⟫&#62;",
    "&#x3c;svg onload=⟪CALL⟫&#x3e;",
    "+ADw-script+AD4-⟪CALL⟫+ADw-/script+AD4-",
    "＜script＞⟪CALL⟫＜/script＞",
    "＜img src=x onerror=⟪CALL⟫＞",
    '\\"><img src=x onerror=⟪CALL⟫>',
    "<img src=x onerror=⟪CALL⟫ <!--",
    # --- breakouts from raw-text elements and template/markup injection
    "</textarea><script>⟪CALL⟫</script>",
    "</title><script>⟪CALL⟫</script>",
    "</style><script>⟪CALL⟫</script>",
    "</noscript><img src=x onerror=⟪CALL⟫>",
    "</script><img src=x onerror=⟪CALL⟫>",
    "</option></select><img src=x onerror=⟪CALL⟫>",
    "</iframe><script>⟪CALL⟫</script>",
    "</xmp><script>⟪CALL⟫</script>",
    "</template><img src=x onerror=⟪CALL⟫>",
    "</dd></dl></main><svg onload=⟪CALL⟫>",
    "--><script>⟪CALL⟫</script><!--",
    "]]><script>⟪CALL⟫</script>",
    "</textarea></title></style></script><svg onload=⟪CALL⟫>",
    "{{7*7}} xss-⟪ID⟫",
    "${7*7} xss-⟪ID⟫",
    "#{7*7} xss-⟪ID⟫",
    "<%= 7*7 %> xss-⟪ID⟫",
    "[[${7*7}]] xss-⟪ID⟫",
    "{{constructor.constructor('⟪CALL⟫')()}}",
    "{{$on.constructor('⟪CALL⟫')()}}",
    "{{'a'.constructor.prototype.charAt=[].join;$eval('x=⟪CALL⟫');}}",
    "{% debug %}{{ request.user }} xss-⟪ID⟫",
    "{{ settings.SECRET_KEY }} xss-⟪ID⟫",
    "{% load static %}{% now 'Y' %} xss-⟪ID⟫",
    # --- null bytes (refused by Django's form fields and PostgreSQL text: query sinks only)
    f"<scr{NUL}ipt>⟪CALL⟫</scr{NUL}ipt>",
    f"<img src=x{NUL} onerror=⟪CALL⟫>",
    f"{NUL}<script>⟪CALL⟫</script>",
    f"java{NUL}script:⟪CALL⟫",
    # --- bidi controls and invisible characters
    f"{RLO}<script>⟪CALL⟫</script>",
    f"<img src=x onerror=⟪CALL⟫>{RLO}{LRI}",
    f"{RLO}>gmi<{PDF}<img src=x onerror=⟪CALL⟫>",
    f"{RLI}<svg onload=⟪CALL⟫>{PDI}",
    f'{RLM}"><img src=x onerror=⟪CALL⟫>{LRM}',
    f"{ZWSP}<script>⟪CALL⟫</script>",
    f"{BOM}<img src=x onerror=⟪CALL⟫>",
    # --- Arabic text around payloads
    "شكاية <script>⟪CALL⟫</script> معاش",
    'المنخرط "><img src=x onerror=⟪CALL⟫> بطاقة التعريف الوطنية',
    "فاطمة' onmouseover='⟪CALL⟫",
    "<svg onload=⟪CALL⟫>محمد بنعلي",
    f"معاش {RLO}<details open ontoggle=⟪CALL⟫>",
    '<a href="javascript:⟪CALL⟫">اضغط هنا</a>',
    "تحويل ٤٢ </textarea><script>⟪CALL⟫</script>",
    "ﷺ<img src=x onerror=⟪CALL⟫>",
    "الشكاية رقم ١٢ {{7*7}} <iframe srcdoc='<script>parent.⟪CALL⟫</script>'>",
    # --- polyglots
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=⟪CALL⟫ )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/"
    "</scRipt/--!>\\x3csVg/<sVg/oNloAd=⟪CALL⟫//>\\x3e",
    '\'">><marquee><img src=x onerror=⟪CALL⟫></marquee>"></plaintext\\></|\\><plaintext/onmouseover=⟪CALL⟫>'
    '<script>⟪CALL⟫</script>\'-->"></script><script>⟪CALL⟫</script>"><img/id="x"/alt="/"src="/"onerror=⟪CALL⟫>',
    "\"'--></style></script><script>⟪CALL⟫</script>",
    "'\"--></title></textarea></style></noscript></script><svg/onload=⟪CALL⟫>",
    '-->\'"/></sCript><deTailS open x=">" ontoggle=⟪CALL⟫>',
    '<img src=x onerror="⟪CALL⟫"><!--<script>⟪CALL⟫</script>-->',
    "';⟪CALL⟫//\";⟪CALL⟫//--></SCRIPT>\">'><SCRIPT>⟪CALL⟫</SCRIPT>",
    # --- dialogs (the second detector: Playwright's dialog event)
    "<script>alert(⟪ID⟫)</script>",
    "<img src=x onerror=alert(⟪ID⟫)>",
    "<svg onload=confirm(⟪ID⟫)>",
    '"><script>prompt(⟪ID⟫)</script>',
    "<details open ontoggle=alert(⟪ID⟫)>",
]

_PLACEHOLDER = re.compile(r"⟪([A-Z0-9_]+)⟫")


@dataclass(frozen=True)
class Payload:
    id: int
    text: str

    @property
    def storable(self):
        """PostgreSQL text and Django's form fields refuse NUL: such payloads can only travel in a query."""
        return NUL not in self.text

    def fits(self, max_length):
        return len(self.text) <= max_length

    def shown_as(self):
        """The text a browser shows for the payload once escaped: NUL is dropped by the HTML parser, spaces collapse."""
        return visible_text(self.text)


def visible_text(text):
    """Compare text as innerText shows it: HTML drops NUL characters and collapses runs of white space."""
    return " ".join(text.replace(NUL, "").split())


def _fill(template, number):
    call = f"__xss({number})"
    values = {
        "CALL": call,
        "ID": str(number),
        "ENT_CALL": "".join(f"&#{ord(char)};" for char in call),
        "HEX_CALL": "".join(f"&#x{ord(char):x};" for char in call),
        "B64_CALL": base64.b64encode(call.encode()).decode(),
        "B64_SCRIPT": base64.b64encode(f"<script>parent.{call}</script>".encode()).decode(),
        "CODES": ",".join(str(ord(char)) for char in call),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


# Ids start at 1000 so that no id is a prefix of another's call text ("__xss(1)" vs "__xss(10)").
PAYLOADS = [Payload(1000 + index, _fill(template, 1000 + index)) for index, template in enumerate(TEMPLATES)]
BY_ID = {payload.id: payload for payload in PAYLOADS}
DIALOG_IDS = {payload.id for payload in PAYLOADS if re.search(r"(alert|confirm|prompt)\(\d+\)", payload.text)}
