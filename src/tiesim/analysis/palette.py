"""One colour scheme for every figure: the report's, the demo's and the animations'.

The colours are from the palette of Okabe & Ito (2008), chosen so that people with the common
forms of colour blindness (deuteranopia, protanopia, tritanopia) can tell them apart; weak ties
are also dashed wherever they are drawn as lines, so the distinction never rests on colour
alone.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from types import MappingProxyType

#: The eight colours of Okabe & Ito (2008).
OKABE_ITO = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky blue": "#56B4E9",
        "bluish green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish purple": "#CC79A7",
    }
)

STRONG = OKABE_ITO["blue"]  #: strong ties, and hires over a strong tie
WEAK = OKABE_ITO["orange"]  #: weak ties, and hires over a weak tie
DIRECT = "#999999"  #: openings heard directly from the market (neutral grey)

#: hires through an informational interview (``networking.interviews`` only): the trends' colour
#: too, but trends never share a panel with the channels (and interview lines are dash-dotted)
INTERVIEW = OKABE_ITO["reddish purple"]

#: Colour of each channel a job lead can come through, in the order figures stack them.
CHANNEL_COLOURS = MappingProxyType({"direct": DIRECT, "strong": STRONG, "weak": WEAK})
#: The same with the channel that exists only when job seekers ask for interviews.
CHANNEL_COLOURS_WITH_INTERVIEWS = MappingProxyType({**CHANNEL_COLOURS, "interview": INTERVIEW})

EMPLOYED = OKABE_ITO["bluish green"]  #: people with a job
LOOKING = OKABE_ITO["vermillion"]  #: people looking for work
HIGHLIGHT = OKABE_ITO["black"]  #: the people just hired, and the path their lead took
TREND = OKABE_ITO["reddish purple"]  #: trend adoption
NOT_ADOPTED = "#DDDDDD"  #: people who did not adopt a trend (light grey)
BRIDGE = OKABE_ITO["sky blue"]  #: the band marking a local bridge in the network
#: brokers (low Burt constraint) when people are coloured by brokerage, which replaces the
#: employment colours (so vermillion, "looking for work" otherwise, is free for it)
BROKER = OKABE_ITO["vermillion"]
