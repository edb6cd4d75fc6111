import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseLocation } from './normalise-location.ts';

/** [location text, countries, regions, warnings] — every row checked by hand. */
type Case = [string, string[], string[]?, string[]?];

const unknown = (s: string) => `unknown location '${s}'`;
const vague = (s: string) => `location '${s}' does not name a country`;

const TABLE: Record<string, Case[]> = {
  'English country names and their usual forms': [
    ['Spain', ['ES']],
    ['Germany', ['DE']],
    ['Holland', ['NL']],
    ['The Netherlands', ['NL']],
    ['UK', ['GB']],
    ['U.K.', ['GB']],
    ['Great Britain', ['GB']],
    ['Britain', ['GB']],
    ['England', ['GB']],
    ['Scotland', ['GB']],
    ['Wales', ['GB']],
    ['Republic of Ireland', ['IE']],
    ['United States of America', ['US']],
    ['U.S.', ['US']],
    ['U.S.A.', ['US']],
    ['USA', ['US']],
    ['US of A', ['US']],
    ['America', ['US']],
    ['Czechia', ['CZ']],
    ['Czech Republic', ['CZ']],
    ['South Korea', ['KR']],
    ['Korea (Republic of)', ['KR']],
    ['Korea, Republic of', ['KR']],
    ['Russia', ['RU']],
    ['Vietnam', ['VN']],
    ['Taiwan', ['TW']],
    ['Hong Kong', ['HK']],
    ['Hong Kong, China', ['HK']],
    ['Macau', ['MO']],
    ['UAE', ['AE']],
    ['U.A.E.', ['AE']],
    ['Türkiye', ['TR']],
    ['Turkey', ['TR']],
    ['Ivory Coast', ['CI']],
    ["Côte d’Ivoire", ['CI']],
    ['Swaziland', ['SZ']],
    ['Eswatini', ['SZ']],
    ['Burma', ['MM']],
    ['Iran (Islamic Republic of)', ['IR']],
    ['Taiwan, Province of China', ['TW']],
  ],
  'endonyms and other European names': [
    ['Deutschland', ['DE']],
    ['España', ['ES']],
    ['Brasil', ['BR']],
    ['Österreich', ['AT']],
    ['Schweiz / Suisse', ['CH']],
    ['Sverige, Norge, Danmark, Suomi', ['SE', 'NO', 'DK', 'FI']],
    ['Italia, Polska', ['IT', 'PL']],
    ['België/Belgique', ['BE']],
    ['Nederland', ['NL']],
  ],
  'ISO codes': [
    ['DEU', ['DE']],
    ['GBR, FRA', ['GB', 'FR']],
    ['DE', ['DE']],
    ['IN', ['IN']],
    ['DE, FR, IT', ['DE', 'FR', 'IT']],
    ['NL/BE', ['NL', 'BE']],
    ['Hosted in NO', ['NO']],
    ['Frankfurt (DE)', ['DE']],
    ['Data stored IN Germany', ['DE']],
    ['IT services in Germany', ['DE']],
    ['IT and HR teams', [], [], [unknown('IT'), unknown('HR teams')]],
  ],
  'several countries in one cell': [
    ['USA, Canada', ['US', 'CA']],
    ['Germany / France', ['DE', 'FR']],
    ['Netherlands, USA, Australia, Singapore', ['NL', 'US', 'AU', 'SG']],
    ['US & EU', ['US'], ['EU']],
    ['Ireland (Dublin)', ['IE']],
    ['Germany; Ireland', ['DE', 'IE']],
    ['USA and Canada', ['US', 'CA']],
    ['France + Germany', ['FR', 'DE']],
    ['• Germany\n• France\n• USA', ['DE', 'FR', 'US']],
    ['Germany\nUnited States', ['DE', 'US']],
    ['Bosnia and Herzegovina', ['BA']],
    ['Trinidad and Tobago, Jamaica', ['TT', 'JM']],
    ['Sweden (Stockholm) and Finland (Helsinki)', ['SE', 'FI']],
  ],
  'cities and states of data-centre locations': [
    ['Frankfurt', ['DE']],
    ['Frankfurt am Main', ['DE']],
    ['Frankfurt/Main', ['DE']],
    ['Munich, Berlin', ['DE']],
    ['Falkenstein / Nuremberg', ['DE']],
    ['Amsterdam', ['NL']],
    ['Paris, Marseille, Roubaix, Gravelines, Strasbourg', ['FR']],
    ['London, Manchester, Slough', ['GB']],
    ['Stockholm, Helsinki, Oslo, Copenhagen', ['SE', 'FI', 'NO', 'DK']],
    ['Warsaw, Milan, Madrid', ['PL', 'IT', 'ES']],
    ['Zurich, Geneva, Vienna, Brussels, Luxembourg', ['CH', 'AT', 'BE', 'LU']],
    ['Ashburn, Virginia', ['US']],
    ['Northern Virginia', ['US']],
    ['N. California', ['US']],
    ['Oregon, Ohio, Iowa, Texas', ['US']],
    ['Dallas, TX', ['US']],
    ['San Jose, CA', ['US']],
    ['Silicon Valley', ['US']],
    ['New York, Chicago, Seattle, San Francisco, Los Angeles, Atlanta', ['US']],
    ['Montreal, Toronto', ['CA']],
    ['Tokyo, Osaka', ['JP']],
    ['Seoul', ['KR']],
    ['Singapore', ['SG']],
    ['Sydney, Melbourne', ['AU']],
    ['Mumbai, Hyderabad, Bangalore', ['IN']],
    ['Jakarta', ['ID']],
    ['São Paulo', ['BR']],
    ['Sao Paulo', ['BR']],
    ['Cape Town, Johannesburg', ['ZA']],
    ['Tel Aviv', ['IL']],
    ['Bahrain', ['BH']],
    ['Dubai', ['AE']],
    ['Mexico City (Querétaro)', ['MX']],
    ['Santiago', ['CL']],
    ['Sydney, NSW', ['AU']],
  ],
  'cloud region codes': [
    ['us-east-1', ['US']],
    ['eu-west-1', ['IE']],
    ['eu-west-2', ['GB']],
    ['Outscale eu-west-2', ['FR']],
    ['AWS eu-west-2 (London)', ['GB']],
    ['eu-west-3, eu-central-1, eu-central-2', ['FR', 'DE', 'CH']],
    ['eu-north-1, eu-south-1, eu-south-2', ['SE', 'IT', 'ES']],
    ['ap-southeast-1, ap-southeast-2, ap-northeast-1, ap-south-1', ['SG', 'AU', 'JP', 'IN']],
    ['ca-central-1, sa-east-1, me-central-1, af-south-1', ['CA', 'BR', 'AE', 'ZA']],
    ['eu-west-1a', ['IE']],
    ['Europe (Frankfurt)', ['DE']],
    ['Asia Pacific (Tokyo)', ['JP']],
    ['europe-west1, europe-west2, europe-west3, europe-west4', ['BE', 'GB', 'DE', 'NL']],
    ['europe-west6, europe-west9, europe-north1', ['CH', 'FR', 'FI']],
    ['us-central1, asia-northeast1', ['US', 'JP']],
    ['europe-west3-a', ['DE']],
    ['westeurope, northeurope, germanywestcentral', ['NL', 'IE', 'DE']],
    ['francecentral, uksouth, eastus', ['FR', 'GB', 'US']],
    ['West Europe', ['NL']],
    ['North Europe', ['IE']],
    ['Azure East Asia', ['HK']],
    ['eu-frankfurt-1, uk-london-1, us-ashburn-1', ['DE', 'GB', 'US']],
    ['IBM Cloud eu-de, eu-gb, us-south', ['DE', 'GB', 'US']],
    ['eu-central-1', ['DE']],
    ['Alibaba Cloud eu-central-1 (Frankfurt)', ['DE']],
    ['Alibaba Cloud eu-west-1', ['GB']],
    ['ap-southeast-3', ['ID']],
    ['Alibaba ap-southeast-3', ['MY']],
    ['fra1, ams3, lon1', ['DE', 'NL', 'GB']],
    ['nyc1, nyc3, sfo3', ['US']],
    ['sgp1, tor1, blr1, syd1', ['SG', 'CA', 'IN', 'AU']],
    ['fsn1, nbg1', ['DE']],
    ['hel1', ['FI']],
    ['Hetzner ash, hil, sin', ['US', 'SG']],
    ['OVHcloud GRA, SBG, RBX', ['FR']],
    ['OVH BHS', ['CA']],
    ['OVH WAW', ['PL']],
    ['GRA11', ['FR']],
    ['OVHcloud DE1, UK1', ['DE', 'GB']],
    ['fr-par, nl-ams, pl-waw', ['FR', 'NL', 'PL']],
    ['fr-par-2', ['FR']],
    ['cloudgouv-eu-west-1', ['FR']],
    ['Outscale us-east-2, ap-northeast-1', ['US', 'JP']],
    ['Linode eu-central', ['DE']],
    ['Akamai eu-west, us-east, ap-south', ['GB', 'US', 'SG']],
    ['Vultr fra', ['DE']],
    ['Vultr ams, lhr, ewr', ['NL', 'GB', 'US']],
    ['FRA', ['FR']],
    ['ash', [], [], [unknown('ash')]],
    ['East Asia', [], [], [vague('East Asia')]],
  ],
  'regions and values that name no country': [
    ['EU', [], ['EU']],
    ['EEA', [], ['EU']],
    ['Europe', [], ['EU']],
    ['European Union', [], ['EU']],
    ['European Economic Area', [], ['EU']],
    ['EU/EEA', [], ['EU']],
    ['Servers in the EU', [], ['EU']],
    ['Global', [], [], [vague('Global')]],
    ['Worldwide', [], [], [vague('Worldwide')]],
    ['Multiple', [], [], [vague('Multiple')]],
    ['Multiple locations', [], [], [vague('Multiple locations')]],
    ['Varies', [], [], [vague('Varies')]],
    ['Various', [], [], [vague('Various')]],
    ['International', [], [], [vague('International')]],
    ['Cloud', [], [], [vague('Cloud')]],
    ['N/A', [], [], [vague('N/A')]],
    ['-', [], [], [vague('-')]],
    ['North America', [], [], [vague('North America')]],
    ['Worldwide, incl. USA', ['US'], [], [vague('Worldwide')]],
    ['Cloud hosting in Germany', ['DE']],
    ['Amazon Web Services, Inc.', [], [], [vague('Amazon Web Services, Inc.')]],
    ['Atlantis', [], [], [unknown('Atlantis')]],
    ['Hosted in Atlantis', [], [], [unknown('Atlantis')]],
    ['Germany, Atlantis', ['DE'], [], [unknown('Atlantis')]],
    ['Congo', [], [], ["ambiguous location 'Congo' (CG or CD)"]],
    ['', []],
    ['   ', []],
  ],
  'spelling, footnotes and prefixes': [
    ['Frankfurt¹, Dublin*, London [1]', ['DE', 'IE', 'GB']],
    ['Germany†', ['DE']],
    ['germany', ['DE']],
    ['GERMANY', ['DE']],
    ['  Germany.  ', ['DE']],
    ['Data centre in Frankfurt', ['DE']],
    ['Hosted in Ireland', ['IE']],
    ['Located in: Sweden', ['SE']],
    ['HQ: Dublin, Ireland', ['IE']],
    ['Germany, Germany, Frankfurt', ['DE']],
    ['Ireland, Germany, Ireland', ['IE', 'DE']],
  ],
  'longest match': [
    ['United States Minor Outlying Islands', ['UM']],
    ['Northern Ireland', ['GB']],
    ['New South Wales', ['AU']],
    ['New Mexico', ['US']],
    ['New Jersey', ['US']],
    ['Jersey', ['JE']],
    ['Papua New Guinea', ['PG']],
    ['Guinea', ['GN']],
    ['American Samoa', ['AS']],
    ['South Sudan', ['SS']],
  ],
  'Georgia, the country unless the text is about the US': [
    ['Georgia', ['GE']],
    ['Tbilisi, Georgia', ['GE']],
    ['Georgia, Germany', ['GE', 'DE']],
    ['Atlanta, Georgia', ['US']],
    ['Georgia, USA', ['US']],
    ['Atlanta, GA', ['US']],
    ['Georgia (GA)', ['US']],
  ],
};

const describeResult = ([, countries, regions = []]: Case) =>
  [...countries, ...regions.map((r) => `region ${r}`)].join(', ') || 'nothing';

for (const [topic, cases] of Object.entries(TABLE)) {
  describe(`normaliseLocation: ${topic}`, () => {
    for (const c of cases) {
      const [input, countries, regions = [], warnings = []] = c;
      it(`reads ${JSON.stringify(input)} as ${describeResult(c)}${warnings.length ? ' with a warning' : ''}`, () => {
        assert.deepEqual(normaliseLocation(input), { countries, regions, warnings });
      });
    }
  });
}

describe('normaliseLocation', () => {
  it('checks at least 80 hand-written cases', () => {
    assert.ok(Object.values(TABLE).flat().length >= 80);
  });

  it('returns nothing and no warning for null, undefined and empty text', () => {
    for (const raw of [null, undefined, '', ' \n ']) {
      assert.deepEqual(normaliseLocation(raw), { countries: [], regions: [], warnings: [] });
    }
  });

  it('uses a provider named in the context for codes the location alone leaves open', () => {
    assert.deepEqual(normaliseLocation('eu-west-2', { context: '3DS Outscale' }).countries, ['FR']);
    assert.deepEqual(normaliseLocation('GRA', { context: 'OVHcloud SAS' }).countries, ['FR']);
    assert.deepEqual(normaliseLocation('GRA').warnings, [unknown('GRA')]);
  });

  it('prefers the provider named nearest to each code when several are named', () => {
    assert.deepEqual(normaliseLocation('AWS eu-west-2; Outscale eu-west-2').countries, ['GB', 'FR']);
  });

  it('shortens long unknown text in warnings', () => {
    const [warning] = normaliseLocation('x'.repeat(200)).warnings;
    assert.ok(warning.length < 100, warning);
    assert.match(warning, /…'$/);
  });

  it('normalises 100,000 short cells in well under a few seconds (about 0.4 s measured)', () => {
    const cells = ['USA, Canada', 'Frankfurt', 'eu-west-1', 'AWS eu-west-2 (London)', 'EU', 'Global', 'Atlantis', 'Atlanta, GA'];
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) normaliseLocation(`${cells[i % cells.length]} ${i % 7 ? '' : i}`);
    const ms = performance.now() - started;
    // Generous bound for a loaded CI machine; a quadratic matcher takes far longer.
    assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  });
});
